/**
 * Where every Steadfast process connects, read as Temporal's CLI and SDKs read it (@temporalio/envconfig): a profile
 * of Temporal's TOML config file, TEMPORAL_* variables over it, explicit flags over both; validated here, so each
 * problem names the flag, variable or profile field that is wrong.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  loadClientConfigFromToml,
  loadClientConfigProfile,
  toClientOptions,
  type ClientConfigProfile,
  type ConfigDataSource,
} from '@temporalio/envconfig';
import { z } from 'zod';
import { zodIssueLines } from './format-zod-error';
import { InvalidConfigError } from './parse-config';
import { pemFileProblem, pemTextProblem } from './pem-file';
import {
  DEFAULT_NAMESPACE,
  DEFAULT_TEMPORAL_ADDRESS,
  NamespaceSchema,
  TemporalAddressSchema,
} from './temporal-connection';

/** Command-line flags that win over the profile and the variables. */
export interface TemporalConnectionFlags {
  readonly address?: string | undefined;
  readonly namespace?: string | undefined;
}

export interface TemporalConnectionSettings {
  readonly address: string;
  readonly namespace: string;
  /** The validated profile (file, then variables, then flags) that envconfig turns into connection options. */
  readonly profile: ClientConfigProfile;
  /** TLS is on: a TLS setting, or an API key (Temporal Cloud) without TLS switched off. */
  readonly tls: boolean;
  /** The variable or profile field that named the server's CA, for messages; absent: the system's CAs. */
  readonly serverCaSetting?: string;
  readonly hasClientCertificate?: boolean;
}

/** Connection options for `Connection.connect` and `NativeConnection.connect`; certificate files are read here. */
export interface TemporalConnectOptions {
  readonly address: string;
  readonly tls?: NonNullable<ReturnType<typeof toClientOptions>['connectionOptions']['tls']>;
  readonly apiKey?: string;
  readonly metadata?: Record<string, string>;
}

/**
 * The hand-written names Steadfast read before it used Temporal's own; they are refused with the name to use
 * instead, so a deployment that still sets them fails at start rather than connecting without its certificates.
 */
const RENAMED_VARIABLES: Readonly<Record<string, string>> = {
  TEMPORAL_TLS_CERT: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  TEMPORAL_TLS_KEY: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
  TEMPORAL_TLS_CA: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
};

/** The variables envconfig reads for each profile field, and the field's name in the TOML file. */
const FIELDS = {
  address: { variables: ['TEMPORAL_ADDRESS'], toml: 'address' },
  namespace: { variables: ['TEMPORAL_NAMESPACE'], toml: 'namespace' },
  apiKey: { variables: ['TEMPORAL_API_KEY'], toml: 'api_key' },
  clientCert: {
    variables: ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_CERT_DATA'],
    toml: 'tls.client_cert',
  },
  clientKey: { variables: ['TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_CLIENT_KEY_DATA'], toml: 'tls.client_key' },
  serverCACert: {
    variables: ['TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_DATA'],
    toml: 'tls.server_ca_cert',
  },
  serverName: { variables: ['TEMPORAL_TLS_SERVER_NAME'], toml: 'tls.server_name' },
} as const;

type Field = keyof typeof FIELDS;

const DEFAULT_PROFILE = 'default';

/**
 * The settings a process connects with. Throws InvalidConfigError('Temporal connection', ...) with one line per
 * problem, each naming its flag, variable or `profile.<name>.<field> in <file>`.
 */
export function resolveTemporalConnection(
  env: NodeJS.ProcessEnv = process.env,
  flags: TemporalConnectionFlags = {},
): TemporalConnectionSettings {
  const renamed = Object.entries(RENAMED_VARIABLES)
    .filter(([old]) => env[old]?.trim())
    .map(([old, name]) => `${old}: renamed to ${name}, the name Temporal's CLI and SDKs read`);
  if (renamed.length > 0) throw new InvalidConfigError('Temporal connection', renamed);

  const variables = temporalVariables(env);
  const file = configFile(variables);
  const profileName = variables.TEMPORAL_PROFILE;
  const loaded = loadProfile(variables, file, profileName);
  const source = new FieldSources(variables, flags, file.path, profileName ?? DEFAULT_PROFILE, loaded);
  const input = {
    address: flags.address ?? loaded.address ?? DEFAULT_TEMPORAL_ADDRESS,
    namespace: flags.namespace ?? loaded.namespace ?? DEFAULT_NAMESPACE,
    apiKey: loaded.apiKey,
    // TLS switched off ignores the certificates, as envconfig does; they are not checked then.
    tls: loaded.tls?.disabled === true ? { disabled: true } : loaded.tls,
  };
  const result = ProfileSchema.safeParse(input);
  if (!result.success) {
    const lines = zodIssueLines(result.error, {
      field: (issuePath) => source.name(fieldOf(issuePath)),
      root: '(Temporal connection)',
      given: (name) => source.given(name, input),
    });
    throw new InvalidConfigError('Temporal connection', lines);
  }
  // Validation converts nothing but the address and namespace (trimmed); the rest goes to envconfig as loaded.
  const { address, namespace } = result.data;
  const profile: ClientConfigProfile = { ...loaded, address, namespace };
  const tlsOn = tlsIsOn(profile);
  const serverCaSetting = tlsOn && profile.tls?.serverCACert ? source.name('serverCACert') : undefined;
  return {
    address,
    namespace,
    profile,
    tls: tlsOn,
    ...(serverCaSetting !== undefined ? { serverCaSetting } : {}),
    ...(tlsOn && profile.tls?.clientCert ? { hasClientCertificate: true } : {}),
  };
}

/** What envconfig makes of the profile, in the shape both the client and the worker connections take. */
export function temporalConnectOptions(settings: TemporalConnectionSettings): TemporalConnectOptions {
  const { connectionOptions } = toClientOptions(settings.profile);
  const { tls, apiKey, metadata } = connectionOptions;
  return {
    address: settings.address,
    ...(tls !== undefined && tls !== null ? { tls } : {}),
    ...(typeof apiKey === 'string' ? { apiKey } : {}),
    ...(metadata !== undefined ? { metadata: metadata as Record<string, string> } : {}),
  };
}

/** envconfig's rule: a TLS table that does not disable it, or an API key without one, means TLS. */
function tlsIsOn(profile: ClientConfigProfile): boolean {
  if (profile.tls !== undefined) return profile.tls.disabled !== true;
  return profile.apiKey !== undefined;
}

const pemSource = z.custom<ConfigDataSource>().superRefine((source, ctx) => {
  const problem = 'path' in source ? pemFileProblem(source.path) : pemTextProblem(Buffer.from(source.data).toString());
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

const ProfileSchema = z
  .object({
    address: TemporalAddressSchema,
    namespace: NamespaceSchema,
    apiKey: z.string().regex(/^\S+$/, 'must not be empty or contain spaces or line breaks').optional(),
    tls: z
      .object({
        disabled: z.boolean().optional(),
        serverName: z.string().min(1, 'must not be empty').optional(),
        clientCert: pemSource.optional(),
        clientKey: pemSource.optional(),
        serverCACert: pemSource.optional(),
      })
      .superRefine((tls, ctx) => {
        if (tls.clientCert !== undefined && tls.clientKey === undefined)
          ctx.addIssue({ code: 'custom', path: ['clientKey'], message: 'required with a client certificate' });
        if (tls.clientKey !== undefined && tls.clientCert === undefined)
          ctx.addIssue({ code: 'custom', path: ['clientCert'], message: 'required with a client key' });
      })
      .optional(),
  })
  .loose();

function fieldOf(issuePath: readonly PropertyKey[]): Field | undefined {
  const [first, second] = issuePath;
  if (first === 'tls' && typeof second === 'string' && second in FIELDS) return second as Field;
  return typeof first === 'string' && first in FIELDS ? (first as Field) : undefined;
}

/** Who set each field, so a problem is reported against the flag, the variable or the profile field. */
class FieldSources {
  constructor(
    private readonly variables: Record<string, string>,
    private readonly flags: TemporalConnectionFlags,
    private readonly file: string | undefined,
    private readonly profileName: string,
    private readonly loaded: ClientConfigProfile,
  ) {}

  name(field: Field | undefined): string | undefined {
    if (field === undefined) return undefined;
    if ((field === 'address' || field === 'namespace') && this.flags[field] !== undefined) return `--${field}`;
    const variable = this.variableOf(field);
    if (variable !== undefined) return variable;
    // A missing half of a certificate pair is named where its other half was set.
    const partner = field === 'clientCert' ? 'clientKey' : field === 'clientKey' ? 'clientCert' : undefined;
    if (partner !== undefined && this.variableOf(partner) !== undefined) return FIELDS[field].variables[0];
    const toml = `profile.${this.profileName}.${FIELDS[field].toml}${this.tomlSuffix(field)}`;
    return this.file === undefined ? toml : `${toml} in ${this.file}`;
  }

  /** The value shown after a problem; never the API key, nor certificate contents. */
  given(name: string, input: { address: string; namespace: string }): string | undefined {
    if (name === this.name('address')) return input.address;
    if (name === this.name('namespace')) return input.namespace;
    return undefined;
  }

  private variableOf(field: Field): string | undefined {
    return FIELDS[field].variables.find((name) => this.variables[name] !== undefined);
  }

  /** `_path` or `_data` for the certificate fields, as the file spells them. */
  private tomlSuffix(field: Field): string {
    if (field !== 'clientCert' && field !== 'clientKey' && field !== 'serverCACert') return '';
    const source = this.loaded.tls?.[field];
    return source !== undefined && 'data' in source ? '_data' : '_path';
  }
}

/** The variables envconfig reads; an empty one counts as unset, as shells and compose files make them. */
function temporalVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (name.startsWith('TEMPORAL_GRPC_META_')) picked[name] = value;
    else if (name.startsWith('TEMPORAL_') && value.trim() !== '') picked[name] = value.trim();
  }
  // envconfig finds the default file through these.
  for (const name of ['HOME', 'XDG_CONFIG_HOME', 'APPDATA']) if (env[name]) picked[name] = env[name];
  return picked;
}

interface ConfigFile {
  /** Undefined when there is no home directory to look in. */
  readonly path: string | undefined;
  /** Named by TEMPORAL_CONFIG_FILE, so it must exist. */
  readonly explicit: boolean;
}

/** TEMPORAL_CONFIG_FILE, else temporalio/temporal.toml in the user's config directory, as envconfig looks. */
function configFile(variables: Record<string, string>): ConfigFile {
  const explicit = variables.TEMPORAL_CONFIG_FILE;
  if (explicit !== undefined) return { path: explicit, explicit: true };
  const home = variables.HOME;
  let dir: string | undefined;
  if (os.platform() === 'win32') dir = variables.APPDATA;
  else if (os.platform() === 'darwin') dir = home && path.join(home, 'Library', 'Application Support');
  else {
    const xdg = variables.XDG_CONFIG_HOME;
    dir = xdg ? (path.isAbsolute(xdg) ? xdg : undefined) : home && path.join(home, '.config');
  }
  return { path: dir ? path.join(dir, 'temporalio', 'temporal.toml') : undefined, explicit: false };
}

/** The profile from the file (when there is one) with the variables applied, or a problem naming what is wrong. */
function loadProfile(
  variables: Record<string, string>,
  file: ConfigFile,
  profileName: string | undefined,
): ClientConfigProfile {
  const text = readConfigFile(file);
  const notFound = () => {
    const where = text === undefined ? `${file.path ?? 'the config file'} does not exist` : `not in ${file.path}`;
    const known = text === undefined ? [] : profileNames(text);
    const has = known.length > 0 ? ` (it has: ${known.join(', ')})` : '';
    return new InvalidConfigError('Temporal connection', [
      `TEMPORAL_PROFILE: no profile "${profileName}": ${where}${has}`,
    ]);
  };
  if (text === undefined) {
    if (profileName !== undefined) throw notFound();
    return loadClientConfigProfile({ disableFile: true, overrideEnvVars: variables });
  }
  try {
    return loadClientConfigProfile({ configSource: { data: text }, overrideEnvVars: variables });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/^Profile '.*' not found/.test(message)) throw notFound();
    if (error instanceof Error && error.constructor.name === 'TomlError') {
      throw new InvalidConfigError('Temporal connection', [`${file.path}: not valid TOML: ${firstLine(message)}`]);
    }
    // A file without [profile.*] tables has no profiles; envconfig trips over it instead of saying so.
    if (error instanceof TypeError) {
      if (profileName !== undefined) throw notFound();
      return loadClientConfigProfile({ disableFile: true, overrideEnvVars: variables });
    }
    if (/^Cannot specify both/.test(message)) {
      throw new InvalidConfigError('Temporal connection', [
        `profile.${profileName ?? DEFAULT_PROFILE} in ${file.path}: ${message}`,
      ]);
    }
    throw error;
  }
}

function readConfigFile(file: ConfigFile): string | undefined {
  if (file.path === undefined) return undefined;
  try {
    return fs.readFileSync(file.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !file.explicit) return undefined;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : (error as Error).message;
    const name = file.explicit ? 'TEMPORAL_CONFIG_FILE' : file.path;
    throw new InvalidConfigError('Temporal connection', [`${name}: cannot read ${file.path}: ${reason}`]);
  }
}

function profileNames(text: string): string[] {
  try {
    return Object.keys(loadClientConfigFromToml(Buffer.from(text), { strict: false }).profiles);
  } catch {
    return [];
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
