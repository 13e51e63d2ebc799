/** Test harness: an embedded server on a free port, clients, and workers on per-test task queues. */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { startDevServer, type RunningDevServer } from '../../src/server/dev-server';
import type { DevServerConfigInput } from '../../src/config/dev-server-config';
import { testLogWriter } from './test-log';
import { workflowBundle } from './workflow-bundle';

export interface TestEnv {
  server: RunningDevServer;
  client: Client;
  connection: Connection;
  nativeConnection: NativeConnection;
  /** A fresh task queue name, unique to the calling test. */
  taskQueue(prefix?: string): string;
  workflowId(prefix?: string): string;
  createWorker(options: Omit<WorkerOptions, 'connection' | 'workflowBundle' | 'workflowsPath'>): Promise<Worker>;
  close(): Promise<void>;
}

export async function startTestEnv(config: DevServerConfigInput = {}): Promise<TestEnv> {
  const server = await startDevServer({ port: 0, db: ':memory:', ...config }, { writeLine: testLogWriter('server') });
  let connection: Connection | undefined;
  let nativeConnection: NativeConnection;
  try {
    connection = await Connection.connect({ address: server.address });
    nativeConnection = await NativeConnection.connect({ address: server.address });
  } catch (error) {
    // The caller gets no environment to close: what started is closed here, or its server outlives the test file.
    await connection?.close();
    await server.close();
    throw error;
  }
  const client = new Client({ connection });
  return {
    server,
    client,
    connection,
    nativeConnection,
    taskQueue: (prefix = 'tq') => `${prefix}-${randomUUID()}`,
    workflowId: (prefix = 'wf') => `${prefix}-${randomUUID()}`,
    createWorker: async (options) =>
      Worker.create({ ...options, connection: nativeConnection, workflowBundle: await workflowBundle() }),
    async close() {
      await connection.close();
      await nativeConnection.close();
      await server.close();
    },
  };
}
