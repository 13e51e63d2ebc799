/** `steadfast server`: runs the embedded Temporal-compatible dev server until SIGINT or SIGTERM. */
import type { Command } from 'commander';
import { z } from 'zod';
import {
  DevServerConfigSchema,
  PemFileSchema,
  UiServerConfigSchema,
  type DevServerConfig,
  type DevServerConfigInput,
} from '../../config/dev-server-config';
import type { RunningDevServer } from '../../server/dev-server-api';
import { formatReadyLine, formatUiLine } from '../../server/dev-server-process';
import { collectRepeated, parseFlags, portFlag } from '../flags';
import { listenForShutdownSignal } from '../listen-for-shutdown-signal';

type SearchAttributeType = DevServerConfig['searchAttributes'][string];

const SEARCH_ATTRIBUTE_TYPES: readonly SearchAttributeType[] =
  DevServerConfigSchema.shape.searchAttributes.unwrap().valueType.options;
const SEARCH_ATTRIBUTE_EXAMPLE = 'e.g. --search-attribute CustomerId=Keyword';

/** `Name=Type`, the type in any letter case; each bad one is its own line naming what was given. */
const SearchAttributeFlagSchema = z.string().transform((text, ctx): [string, SearchAttributeType] => {
  const separator = text.indexOf('=');
  const name = text.slice(0, separator).trim();
  const typeText = text.slice(separator + 1).trim();
  if (separator < 0 || name === '' || typeText === '') {
    ctx.addIssue({
      code: 'custom',
      message: `--search-attribute "${text}": expected Name=Type, ${SEARCH_ATTRIBUTE_EXAMPLE}`,
    });
    return z.NEVER;
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    ctx.addIssue({
      code: 'custom',
      message: `--search-attribute "${text}": the name must be letters, digits and underscores, not starting with a digit`,
    });
    return z.NEVER;
  }
  const type = SEARCH_ATTRIBUTE_TYPES.find((candidate) => candidate.toLowerCase() === typeText.toLowerCase());
  if (type === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `--search-attribute "${text}": unknown type "${typeText}"; expected one of ${SEARCH_ATTRIBUTE_TYPES.join(', ')}`,
    });
    return z.NEVER;
  }
  return [name, type];
});

/** What commander hands over, as strings; the config schema supplies every default. */
const ServerFlagsSchema = z
  .object({
    host: z.string().optional(),
    port: portFlag().optional(),
    db: z.string().optional(),
    namespace: z.array(z.string()).optional(),
    searchAttribute: z.array(SearchAttributeFlagSchema).optional(),
    logRpcs: z.boolean().optional(),
    uiPort: portFlag('--ui-port').optional(),
    headless: z.boolean().optional(),
    uiReadOnly: z.boolean().optional(),
    tlsCert: PemFileSchema.optional(),
    tlsKey: PemFileSchema.optional(),
    tlsClientCa: PemFileSchema.optional(),
  })
  .refine((flags) => !(flags.headless && (flags.uiPort !== undefined || flags.uiReadOnly)), {
    message: '--headless turns the UI off: it cannot be combined with --ui-port or --ui-read-only',
  })
  .refine((flags) => (flags.tlsCert === undefined) === (flags.tlsKey === undefined), {
    message: '--tls-cert and --tls-key go together: give both for TLS, or neither',
  })
  .refine((flags) => flags.tlsClientCa === undefined || flags.tlsCert !== undefined, {
    message: '--tls-client-ca (mutual TLS) needs TLS: give --tls-cert and --tls-key too',
  })
  .transform((flags): DevServerConfigInput => ({
    host: flags.host,
    port: flags.port,
    db: flags.db,
    namespaces: flags.namespace,
    searchAttributes: flags.searchAttribute ? Object.fromEntries(flags.searchAttribute) : undefined,
    logRpcs: flags.logRpcs,
    tls:
      flags.tlsCert !== undefined && flags.tlsKey !== undefined
        ? { certFile: flags.tlsCert, keyFile: flags.tlsKey, clientCaFile: flags.tlsClientCa }
        : undefined,
    // `steadfast server` serves the UI unless told not to, as `temporal server start-dev` does.
    ui: flags.headless ? false : { port: flags.uiPort, readOnly: flags.uiReadOnly },
  }))
  .pipe(DevServerConfigSchema);

const FLAG_NAMES = {
  namespaces: '--namespace',
  searchAttributes: '--search-attribute',
  logRpcs: '--log-rpcs',
  uiPort: '--ui-port',
  uiReadOnly: '--ui-read-only',
};

export function register(program: Command): void {
  const defaults = DevServerConfigSchema.parse({});
  const uiDefaults = UiServerConfigSchema.parse({});
  program
    .command('server')
    .description('Run the embedded Temporal-compatible development server until Ctrl-C or SIGTERM')
    .option('--port <port>', `port to listen on; 0 picks a free port (default: ${defaults.port})`)
    .option('--host <host>', `interface to listen on (default: ${defaults.host})`)
    .option('--db <path>', `SQLite database file, or :memory: for a throwaway server (default: ${defaults.db})`)
    .option('--namespace <name>', 'register a namespace besides "default" (repeatable)', collectRepeated)
    .option(
      '--search-attribute <Name=Type>',
      `register a custom search attribute in every namespace (repeatable); Type is one of ${SEARCH_ATTRIBUTE_TYPES.join(', ')}`,
      collectRepeated,
    )
    .option('--log-rpcs', 'log every RPC (and every UI API call) to stderr')
    .option('--ui-port <port>', `port of the Temporal UI, on the same host as gRPC (default: ${uiDefaults.port})`)
    .option('--ui-read-only', 'the UI and its API refuse cancel, terminate, signal, reset and other writes')
    .option('--headless', 'serve no UI, only gRPC')
    .option('--tls-cert <file>', 'serve gRPC over TLS with this certificate (PEM); needs --tls-key')
    .option('--tls-key <file>', 'private key (PEM) of --tls-cert')
    .option('--tls-client-ca <file>', 'mutual TLS: require client certificates signed by this CA (PEM)')
    .action(async (flags: Record<string, unknown>) => {
      await runServer(parseFlags(ServerFlagsSchema, flags, FLAG_NAMES));
    });
}

async function runServer(config: DevServerConfig): Promise<void> {
  // Listen before starting so a signal during startup still closes the server cleanly.
  const shutdown = listenForShutdownSignal();
  let server: RunningDevServer;
  try {
    // Loaded here, not at the top: the server pulls in gRPC and SQLite, which --help does not need.
    const { startDevServer } = await import('../../server/dev-server');
    server = await startDevServer(config);
  } catch (err) {
    shutdown.dispose();
    throw err;
  }
  // The UI line comes first: the ready line is the last one a parent process waits for.
  if (server.uiUrl) process.stdout.write(`${formatUiLine(server.uiUrl, server.uiBuilt)}\n`);
  process.stdout.write(`${formatReadyLine(server.address, config.db)}\n`);
  const signal = await shutdown.received;
  await server.close();
  process.stdout.write(`Steadfast dev server closed (${signal})\n`);
}
