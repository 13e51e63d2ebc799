/** `steadfast server`: runs the embedded Temporal-compatible dev server until SIGINT or SIGTERM. */
import type { Command } from 'commander';
import { z } from 'zod';
import { DevServerConfigSchema, type DevServerConfig, type DevServerConfigInput } from '../../config/dev-server-config';
import type { RunningDevServer } from '../../server/dev-server-api';
import { formatReadyLine } from '../../server/dev-server-process';
import { collectRepeated, parseFlags, portFlag } from '../flags';
import { listenForShutdownSignal } from '../shutdown-signal';

/** What commander hands over, as strings; the config schema supplies every default. */
const ServerFlagsSchema = z
  .object({
    host: z.string().optional(),
    port: portFlag().optional(),
    db: z.string().optional(),
    namespace: z.array(z.string()).optional(),
    logRpcs: z.boolean().optional(),
  })
  .transform(
    (flags): DevServerConfigInput => ({
      host: flags.host,
      port: flags.port,
      db: flags.db,
      namespaces: flags.namespace,
      logRpcs: flags.logRpcs,
    }),
  )
  .pipe(DevServerConfigSchema);

const FLAG_NAMES = { namespaces: '--namespace', logRpcs: '--log-rpcs' };

export function register(program: Command): void {
  const defaults = DevServerConfigSchema.parse({});
  program
    .command('server')
    .description('Run the embedded Temporal-compatible development server until Ctrl-C or SIGTERM')
    .option('--port <port>', `port to listen on; 0 picks a free port (default: ${defaults.port})`)
    .option('--host <host>', `interface to listen on (default: ${defaults.host})`)
    .option('--db <path>', `SQLite database file, or :memory: for a throwaway server (default: ${defaults.db})`)
    .option('--namespace <name>', 'register a namespace besides "default" (repeatable)', collectRepeated)
    .option('--log-rpcs', 'log every RPC to stderr')
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
  process.stdout.write(`${formatReadyLine(server.address, config.db)}\n`);
  const signal = await shutdown.received;
  await server.close();
  process.stdout.write(`Steadfast dev server closed (${signal})\n`);
}
