/** The demo scenario: a dev server (embedded or given), an in-process worker, one hello workflow and its result. */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { DevServerConfig } from '../../config/dev-server-config';
import { startDevServer } from '../../server/dev-server';
import { formatReadyLine } from '../../server/dev-server-process';
import * as activities from '../../activities/hello';
import type { hello } from '../../workflows/hello';
import { CliError } from '../cli-error';
import { listenForShutdownSignal } from '../shutdown-signal';
import { installCliWorkerRuntime } from '../worker-runtime';

export const DEMO_TASK_QUEUE = 'steadfast-demo';

export interface DemoOptions {
  /** host:port of a running server; without it the demo starts an embedded one from `server`. */
  readonly address?: string;
  readonly server: DevServerConfig;
  /** Who the hello workflow greets. */
  readonly name: string;
  /** Prints one progress line. */
  readonly say: (line: string) => void;
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const { say } = options;
  installCliWorkerRuntime();
  const shutdown = listenForShutdownSignal();
  let interruptedBy: NodeJS.Signals | undefined;
  let worker: Worker | undefined;
  void shutdown.received.then((signal) => {
    interruptedBy = signal;
    if (worker?.getState() === 'RUNNING') worker.shutdown();
  });
  const checkInterrupted = () => {
    if (interruptedBy) throw new CliError(`demo interrupted by ${interruptedBy}`, 130);
  };

  const closers: (() => Promise<void>)[] = [];
  try {
    let address = options.address;
    if (address === undefined) {
      say(`Starting the embedded dev server (database: ${options.server.db})`);
      const server = await startDevServer(options.server);
      closers.push(() => server.close());
      address = server.address;
      say(formatReadyLine(address, options.server.db));
    } else {
      say(`Using the Temporal server at ${address}`);
    }
    checkInterrupted();

    const nativeConnection = await connectWorker(address);
    closers.push(() => nativeConnection.close());
    const connection = await Connection.connect({ address });
    closers.push(() => connection.close());
    const client = new Client({ connection });

    say(`Starting a worker on task queue ${DEMO_TASK_QUEUE} (bundling the workflow code takes a few seconds)`);
    worker = await Worker.create({
      connection: nativeConnection,
      taskQueue: DEMO_TASK_QUEUE,
      workflowsPath: require.resolve('../../workflows/hello'),
      activities,
    });

    // A created worker holds its connection until it has run and shut down, so even an interrupted demo runs it.
    const workflowId = `hello-${randomUUID()}`;
    const result = await worker
      .runUntil(async () => {
        checkInterrupted();
        const handle = await client.workflow.start<typeof hello>('hello', {
          taskQueue: DEMO_TASK_QUEUE,
          workflowId,
          args: [options.name],
        });
        say(`Started workflow ${workflowId}: hello(${JSON.stringify(options.name)})`);
        return await handle.result();
      })
      .catch((err: unknown) => {
        checkInterrupted();
        throw err;
      });
    say(`Result: ${result}`);
  } finally {
    shutdown.dispose();
    if (closers.length > 0) say('Shutting down');
    for (const close of closers.reverse()) await close();
  }
}

async function connectWorker(address: string): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect({ address });
  } catch (err) {
    throw new CliError(`cannot reach a Temporal server at ${address}: ${connectFailureReason(err)}`);
  }
}

/** The innermost reason of a transport error, e.g. "Connection refused", instead of the Rust error chain. */
function connectFailureReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const reasons = [...message.matchAll(/(?:message|error): "([^"]+)"/g)].map((match) => match[1]);
  return reasons.at(-1) ?? message;
}
