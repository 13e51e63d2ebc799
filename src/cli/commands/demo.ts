/** `steadfast demo`: the hello workflow end to end, on an embedded dev server unless --address names one. */
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { DevServerConfigSchema } from '../../config/dev-server-config';
import { addressFlag, parseFlags, portFlag } from '../flags';

const DemoFlagsSchema = z.object({
  address: addressFlag('--address').optional(),
  /** Unlike `steadfast server`, the demo's embedded server takes a free port unless told otherwise. */
  port: portFlag().default(0),
  db: z.string().optional(),
  name: z.string().trim().min(1, { error: '--name must not be empty' }).default('world'),
});

export function register(program: Command): void {
  const defaults = DevServerConfigSchema.parse({});
  program
    .command('demo')
    .description('Run a hello workflow with one activity on an embedded dev server and print its result')
    .addOption(new Option('--address <host:port>', 'use this running server instead of an embedded one').conflicts(['port', 'db']))
    .option('--port <port>', 'port of the embedded server (default: a free port)')
    .option('--db <path>', `database of the embedded server, or :memory: (default: ${defaults.db})`)
    .option('--name <name>', 'who the workflow greets (default: world)')
    .action(async (rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(DemoFlagsSchema, rawFlags);
      // Loaded here, not at the top: the worker and server are heavy, and --help does not need them.
      const { runDemo } = await import('../demo/run-demo');
      await runDemo({
        address: flags.address,
        server: parseFlags(DevServerConfigSchema, { port: flags.port, db: flags.db }),
        name: flags.name,
        say: (line) => process.stdout.write(`${line}\n`),
      });
    });
}
