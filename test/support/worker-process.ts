/**
 * A worker in its own process, for chaos tests that kill it: runs the fixture workflows and activities on one task queue
 * until it is killed or sent SIGTERM. Usage: node dist/test/support/worker-process.js '<WorkerProcessOptions as JSON>'.
 * Prints one JSON line ({ pid, identity }) on stdout once it polls.
 */
import { z } from 'zod';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { formatZodError } from '../../src/config/format-zod-error';
import * as activities from '../fixtures/activities';

const WorkerProcessOptionsSchema = z.object({
  address: z.string().min(1),
  taskQueue: z.string().min(1),
  identity: z.string().min(1),
  /** How long the server waits for this worker to take a task from its sticky queue. */
  stickyQueueScheduleToStartTimeoutMs: z.number().int().positive().default(1000),
  /** Serve the worker's Prometheus metrics (sticky cache hits and misses among them) on this port. */
  metricsPort: z.number().int().positive().optional(),
});

export type WorkerProcessOptions = z.input<typeof WorkerProcessOptionsSchema>;

export interface WorkerProcessReady {
  pid: number;
  identity: string;
}

async function main(): Promise<void> {
  const parsed = WorkerProcessOptionsSchema.safeParse(JSON.parse(process.argv[2] ?? '{}'));
  if (!parsed.success) throw new Error(`bad options: ${formatZodError(parsed.error)}`);
  const options = parsed.data;
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    ...(options.metricsPort !== undefined
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${options.metricsPort}` } } } }
      : {}),
  });
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    taskQueue: options.taskQueue,
    identity: options.identity,
    workflowsPath: require.resolve('../fixtures/workflows/index'),
    activities,
    stickyQueueScheduleToStartTimeout: options.stickyQueueScheduleToStartTimeoutMs,
  });
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  const ready: WorkerProcessReady = { pid: process.pid, identity: options.identity };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  await running;
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`worker-process: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
