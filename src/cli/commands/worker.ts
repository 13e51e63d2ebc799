/**
 * `steadfast worker orchestrator` and `steadfast worker agents`: the worker processes of src/workers, run in the
 * foreground until Ctrl-C or SIGTERM. Flags are validated by the same schemas the process entry points use.
 */
import type { Command } from 'commander';
import { addConnectionOptions } from '../connection/connection-flags';
import { runWorkerCommand } from '../worker-command';

const CONNECT_TIMEOUT_HELP =
  'how long to wait for a server that does not answer yet, e.g. 2m (default: $STEADFAST_CONNECT_TIMEOUT, else fail at once)';

export function register(program: Command): void {
  const worker = program
    .command('worker')
    .description('Run an orchestrator worker or an agent pool until Ctrl-C or SIGTERM')
    .addHelpText(
      'after',
      '\nEnvironment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE, ' +
        'STEADFAST_LOG_LEVEL, STEADFAST_METRICS_PORT (docs/deployment.md).',
    );

  addConnectionOptions(
    worker
      .command('orchestrator')
      .description('Run orchestrations and the agent-health registry; registers the Steadfast search attributes'),
  )
    .option('--module <path>', 'agents module whose policies and autonomous handlers orchestrations use')
    .option('--task-queue <name>', 'task queue to poll (default: steadfast.orchestrator)')
    .option('--identity <id>', 'worker identity shown by the server')
    .option('--workflow-bundle <file>', 'prebuilt workflow bundle, instead of bundling at start')
    .option('--shutdown-grace-time <duration>', 'how long Ctrl-C lets running work finish (default: 10s)')
    .option('--connect-timeout <duration>', CONNECT_TIMEOUT_HELP)
    .action((flags: Record<string, unknown>) => runWorkerCommand('orchestrator', flags));

  addConnectionOptions(
    worker
      .command('agents')
      .description('Run an agent pool: one worker per agent of the module; start more processes to scale out'),
  )
    .option('--module <path>', 'module exporting the agent definitions (required), e.g. ./my-agents.js')
    .option('--agents <names>', 'serve only these agents, comma-separated (default: all of the module)')
    .option('--concurrency <n>', "instructions each agent runs at once in this process (default: the agent's own)")
    .option('--identity <id>', 'worker identity shown by the server')
    .option('--shutdown-grace-time <duration>', 'how long Ctrl-C lets running instructions finish (default: 10s)')
    .option('--connect-timeout <duration>', CONNECT_TIMEOUT_HELP)
    .action((flags: Record<string, unknown>) => runWorkerCommand('agents', flags));
}
