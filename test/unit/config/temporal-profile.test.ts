/**
 * Where a process connects, as Temporal's tools read it: TOML profile, TEMPORAL_* variables over it, flags over both;
 * and one line naming the flag, variable or profile field for each wrong setting.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidConfigError } from '../../../src/config/parse-config';
import { resolveTemporalConnection, temporalConnectOptions } from '../../../src/config/temporal-profile';

let dir: string;
let cert: string;
let key: string;
let ca: string;
let configFile: string;
/** A home without a Temporal config file, so the tests never read the machine's own. */
let home: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-profile-'));
  home = path.join(dir, 'home');
  fs.mkdirSync(home);
  [cert, key, ca] = ['client.pem', 'client.key', 'ca.pem'].map((name) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `-----BEGIN ${name}-----\nAAAA\n-----END ${name}-----\n`);
    return file;
  }) as [string, string, string];
  configFile = path.join(dir, 'temporal.toml');
  fs.writeFileSync(
    configFile,
    [
      '[profile.default]',
      'address = "default-host:7233"',
      '',
      '[profile.prod]',
      'address = "prod.example.com:7233"',
      'namespace = "payments"',
      '[profile.prod.tls]',
      `client_cert_path = ${JSON.stringify(cert)}`,
      `client_key_path = ${JSON.stringify(key)}`,
      `server_ca_cert_path = ${JSON.stringify(ca)}`,
      'server_name = "temporal.internal"',
      '',
      '[profile.broken]',
      'address = "temporal"',
      '[profile.broken.tls]',
      `server_ca_cert_path = ${JSON.stringify(path.join(dir, 'gone.pem'))}`,
      '',
    ].join('\n'),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function env(vars: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { HOME: home, PATH: '/usr/bin', ...vars };
}

function problemsOf(vars: Record<string, string>, flags = {}): readonly string[] {
  try {
    resolveTemporalConnection(env(vars), flags);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).subject).toBe('Temporal connection');
    return (error as InvalidConfigError).problems;
  }
  throw new Error('the settings were accepted');
}

test('nothing set: the local dev server, namespace default, plain TCP', () => {
  const settings = resolveTemporalConnection(env());
  expect(settings).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', tls: false });
  expect(temporalConnectOptions(settings)).toEqual({ address: '127.0.0.1:7233' });
});

test('TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and TEMPORAL_API_KEY: an API key turns TLS on (Temporal Cloud)', () => {
  const settings = resolveTemporalConnection(
    env({
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns.acct',
      TEMPORAL_API_KEY: 'secret',
      TEMPORAL_GRPC_META_X_TEAM: 'agents',
    }),
  );
  expect(settings).toMatchObject({ address: 'ns.acct.tmprl.cloud:7233', namespace: 'ns.acct', tls: true });
  expect(temporalConnectOptions(settings)).toEqual({
    address: 'ns.acct.tmprl.cloud:7233',
    tls: true,
    apiKey: 'secret',
    metadata: { 'x-team': 'agents' },
  });
  expect(resolveTemporalConnection(env({ TEMPORAL_API_KEY: 'secret', TEMPORAL_TLS: 'false' })).tls).toBe(false);
});

test('TLS variables: the certificate files are read into the connection options', () => {
  const settings = resolveTemporalConnection(
    env({
      TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: key,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    }),
  );
  expect(settings.tls).toBe(true);
  const { tls } = temporalConnectOptions(settings);
  expect(tls).toMatchObject({ serverNameOverride: 'temporal.internal' });
  const config = tls as { clientCertPair: { crt: Uint8Array; key: Uint8Array }; serverRootCACertificate: Uint8Array };
  expect(Buffer.from(config.clientCertPair.crt).toString()).toBe(fs.readFileSync(cert, 'utf8'));
  expect(Buffer.from(config.clientCertPair.key).toString()).toBe(fs.readFileSync(key, 'utf8'));
  expect(Buffer.from(config.serverRootCACertificate).toString()).toBe(fs.readFileSync(ca, 'utf8'));
});

test('TEMPORAL_PROFILE picks a profile of TEMPORAL_CONFIG_FILE; variables override its fields, flags override both', () => {
  const prod = resolveTemporalConnection(env({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'prod' }));
  expect(prod).toMatchObject({ address: 'prod.example.com:7233', namespace: 'payments', tls: true });
  expect(temporalConnectOptions(prod).tls).toMatchObject({ serverNameOverride: 'temporal.internal' });

  const overridden = resolveTemporalConnection(
    env({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'prod', TEMPORAL_NAMESPACE: 'billing' }),
  );
  expect(overridden).toMatchObject({ address: 'prod.example.com:7233', namespace: 'billing' });

  const flagged = resolveTemporalConnection(
    env({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'prod', TEMPORAL_ADDRESS: 'env-host:7233' }),
    { address: 'flag-host:7233', namespace: 'flagged' },
  );
  expect(flagged).toMatchObject({ address: 'flag-host:7233', namespace: 'flagged', tls: true });
});

test("without TEMPORAL_PROFILE the file's default profile applies; the file is found where Temporal looks", () => {
  expect(resolveTemporalConnection(env({ TEMPORAL_CONFIG_FILE: configFile })).address).toBe('default-host:7233');
  const xdg = path.join(dir, 'xdg');
  fs.mkdirSync(path.join(xdg, 'temporalio'), { recursive: true });
  fs.copyFileSync(configFile, path.join(xdg, 'temporalio', 'temporal.toml'));
  expect(resolveTemporalConnection(env({ XDG_CONFIG_HOME: xdg })).address).toBe('default-host:7233');
});

test('a bad address is one line naming where it came from: variable, flag or profile field', () => {
  expect(problemsOf({ TEMPORAL_ADDRESS: 'temporal' })).toEqual([
    'TEMPORAL_ADDRESS: expected host:port, e.g. 127.0.0.1:7233 (got "temporal")',
  ]);
  expect(problemsOf({}, { address: 'temporal' })).toEqual([
    '--address: expected host:port, e.g. 127.0.0.1:7233 (got "temporal")',
  ]);
  expect(problemsOf({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'broken' })).toEqual([
    `profile.broken.address in ${configFile}: expected host:port, e.g. 127.0.0.1:7233 (got "temporal")`,
    `profile.broken.tls.server_ca_cert_path in ${configFile}: no file at ${path.join(dir, 'gone.pem')}`,
  ]);
});

test('an unknown profile names the profile and the file (and the profiles it has)', () => {
  expect(problemsOf({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'staging' })).toEqual([
    `TEMPORAL_PROFILE: no profile "staging": not in ${configFile} (it has: default, prod, broken)`,
  ]);
  const defaultFile = path.join(home, '.config', 'temporalio', 'temporal.toml');
  expect(problemsOf({ TEMPORAL_PROFILE: 'staging' })).toEqual([
    `TEMPORAL_PROFILE: no profile "staging": ${defaultFile} does not exist`,
  ]);
  const missing = path.join(dir, 'nope.toml');
  expect(problemsOf({ TEMPORAL_CONFIG_FILE: missing })).toEqual([
    `TEMPORAL_CONFIG_FILE: cannot read ${missing}: no such file`,
  ]);
  const bad = path.join(dir, 'bad.toml');
  fs.writeFileSync(bad, '[profile.default\naddress = 1\n');
  const [line] = problemsOf({ TEMPORAL_CONFIG_FILE: bad });
  expect(line).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid TOML: \\S`));
});

test('a missing or half-given certificate names the variable; the old hand-written names say their new name', () => {
  const missing = path.join(dir, 'missing.pem');
  expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: missing, TEMPORAL_TLS_CLIENT_KEY_PATH: key })).toEqual([
    `TEMPORAL_TLS_CLIENT_CERT_PATH: no file at ${missing}`,
  ]);
  expect(problemsOf({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: dir })).toEqual([
    `TEMPORAL_TLS_SERVER_CA_CERT_PATH: ${dir} is a directory, not a PEM file`,
  ]);
  expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: cert })).toEqual([
    'TEMPORAL_TLS_CLIENT_KEY_PATH: required with a client certificate',
  ]);
  expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_DATA: 'not a certificate', TEMPORAL_TLS_CLIENT_KEY_PATH: key })).toEqual(
    ['TEMPORAL_TLS_CLIENT_CERT_DATA: is not PEM (no "-----BEGIN" line)'],
  );
  expect(problemsOf({ TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_CA: ca })).toEqual([
    "TEMPORAL_TLS_CERT: renamed to TEMPORAL_TLS_CLIENT_CERT_PATH, the name Temporal's CLI and SDKs read",
    "TEMPORAL_TLS_CA: renamed to TEMPORAL_TLS_SERVER_CA_CERT_PATH, the name Temporal's CLI and SDKs read",
  ]);
});

test('a bad API key is named, never printed; empty variables count as unset', () => {
  expect(problemsOf({ TEMPORAL_API_KEY: 'secret with\nnewline' })).toEqual([
    'TEMPORAL_API_KEY: must not be empty or contain spaces or line breaks',
  ]);
  expect(resolveTemporalConnection(env({ TEMPORAL_ADDRESS: ' ', TEMPORAL_API_KEY: '' }))).toMatchObject({
    address: '127.0.0.1:7233',
    tls: false,
  });
});
