/**
 * An orchestrator worker process, until SIGINT or SIGTERM:
 *   node dist/src/workers/orchestrator-process.js [--address host:port] [--namespace ns] [--module ./my-agents.js]
 *     [--task-queue q] [--workflow-bundle file] [--identity id] [--max-cached-workflows n] ...
 * TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE apply when the flags are absent.
 */
import { NativeConnection } from '@temporalio/worker';
import { temporalEnvironment } from '../config/temporal-connection';
import { OrchestratorProcessConfigSchema } from '../config/worker-process-config';
import { ORCHESTRATOR_TASK_QUEUE } from '../orchestration/names';
import { loadAgentsModule } from './agents-module';
import { parseCommandLine } from './command-line';
import { createOrchestratorWorker } from './orchestrator-worker';
import { runProcessEntry } from './process-entry';
import { formatReadyLine } from './ready-line';
import { registerSteadfastSearchAttributes } from './search-attributes';
import { runUntilShutdownSignal } from './shutdown-signal';

export async function runOrchestratorWorkerProcess(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { address, module, workflowBundle, ...settings } = parseCommandLine(
    OrchestratorProcessConfigSchema,
    argv,
    temporalEnvironment(env),
  );
  const agents = module !== undefined ? loadAgentsModule(module) : [];
  const connection = await NativeConnection.connect({ address });
  try {
    await registerSteadfastSearchAttributes(connection, settings.namespace);
    const worker = await createOrchestratorWorker({
      connection,
      agents,
      ...settings,
      ...(workflowBundle !== undefined ? { workflowBundle: { codePath: workflowBundle } } : {}),
    });
    const ready = formatReadyLine({
      kind: 'orchestrator',
      serving: settings.taskQueue ?? ORCHESTRATOR_TASK_QUEUE,
      address,
      pid: process.pid,
    });
    await runUntilShutdownSignal(worker, () => process.stdout.write(`${ready}\n`));
  } finally {
    await connection.close();
  }
}

if (require.main === module) runProcessEntry('steadfast orchestrator worker', () => runOrchestratorWorkerProcess(process.argv.slice(2)));
