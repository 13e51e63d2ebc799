/**
 * `steadfast demo` (what `npm start` runs): a batch of multi-agent orchestrations through failing, hanging and
 * offline agents, on an embedded dev server unless --address names a Temporal server; ends with what was proven.
 */
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { DevServerConfigSchema, UiServerConfigSchema } from '../../config/dev-server-config';
import { UsageError } from '../cli-error';
import { DEFAULT_NAMESPACE } from '../../config/temporal-connection';
import { addressFlag, integerFlag, parseFlags, portFlag } from '../flags';

const DemoFlagsSchema = z.object({
  address: addressFlag('--address').optional(),
  /** Unlike `steadfast server`, the demo's embedded server takes a free port unless told otherwise. */
  port: portFlag().default(0),
  db: z.string().optional(),
  namespace: z.string().trim().min(1, { error: '--namespace must not be empty' }).default(DEFAULT_NAMESPACE),
  orchestrations: integerFlag('--orchestrations', 1, 1_000).optional(),
  scenario: z.enum(['agents', 'llm'], { error: '--scenario must be "agents" or "llm"' }).default('agents'),
  pools: integerFlag('--pools', 1, 8).default(2),
  keepServer: z.boolean().default(false),
  uiPort: portFlag('--ui-port').optional(),
});

export function register(program: Command): void {
  const defaults = DevServerConfigSchema.parse({});
  const uiDefaults = UiServerConfigSchema.parse({});
  program
    .command('demo')
    .description(
      'Run research -> draft -> review orchestrations through flaky, hanging and offline agents and show that ' +
        'nothing is lost or done twice',
    )
    .addOption(
      new Option('--address <host:port>', 'use this running Temporal server instead of an embedded one').conflicts([
        'port',
        'db',
      ]),
    )
    .option('--port <port>', 'port of the embedded server (default: a free port)')
    .option('--db <path>', `database of the embedded server, or :memory: (default: ${defaults.db})`)
    .option('--namespace <name>', `namespace to run in (default: ${DEFAULT_NAMESPACE})`)
    .option('--orchestrations <n>', 'how many orchestrations to run (default: 20; 8 with --scenario llm)')
    .option(
      '--scenario <name>',
      'agents: flaky, hanging and offline agents (default); llm: LLM agents on scripted models with a flaky provider, ' +
        'a hung stream, a budget that runs out and a provider outage',
    )
    .option('--pools <n>', 'agent pool processes to start (default: 2)')
    .option('--keep-server', 'at the end, keep the embedded server and its Temporal UI running until Ctrl-C')
    .option('--ui-port <port>', `UI port of the kept server (default: ${uiDefaults.port})`)
    .action(async (rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(DemoFlagsSchema, rawFlags, {
        keepServer: '--keep-server',
        uiPort: '--ui-port',
      });
      if (flags.address !== undefined && flags.keepServer)
        throw new UsageError('--keep-server keeps the embedded server: it cannot be combined with --address');
      // Loaded here, not at the top: the server and the client are heavy, and --help does not need them.
      const { runDemo } = await import('../demo/run-demo');
      await runDemo({
        address: flags.address,
        // The embedded server registers the namespace the demo runs in.
        server: parseFlags(DevServerConfigSchema, {
          port: flags.port,
          db: flags.db,
          namespaces: [flags.namespace],
          // Only a kept server serves the UI: a demo that ends takes its server with it.
          ui: flags.keepServer ? { port: flags.uiPort } : false,
        }),
        keepServer: flags.keepServer,
        namespace: flags.namespace,
        orchestrations: flags.orchestrations ?? (flags.scenario === 'llm' ? 8 : 20),
        scenario: flags.scenario,
        pools: flags.pools,
        say: (line) => process.stdout.write(`${line}\n`),
      });
    });
}
