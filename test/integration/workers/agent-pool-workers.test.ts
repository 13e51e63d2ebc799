/**
 * An agent pool whose creation fails part-way releases the workers it had created: they hold the connection (which
 * refuses to close while they do) and the Temporal runtime (which keeps the process alive) until they have run.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { defineAgent } from '../../../src/activities/define-agent';
import { createAgentPoolWorkers } from '../../../src/workers/agent-pool-workers';
import { uniqueAgentName } from '../../support/steadfast-env';
import { startTestEnv, type TestEnv } from '../../support/test-server';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());
afterEach(() => jest.restoreAllMocks());

const agent = (name: string) =>
  defineAgent({
    name: uniqueAgentName(name),
    handler: async () => 'done',
    timeouts: { scheduleToStart: '5s', startToClose: '5s', heartbeat: '1s' },
  });

test('a pool whose second worker cannot be created releases the first: its connection closes', async () => {
  const connection = await NativeConnection.connect({ address: env.server.address });
  const create = Worker.create.bind(Worker);
  let created = 0;
  jest.spyOn(Worker, 'create').mockImplementation(async (options) => {
    created += 1;
    if (created === 2) throw new Error('the second worker cannot be created');
    return create(options);
  });

  await expect(
    createAgentPoolWorkers({ connection, client: env.client, agents: [agent('first'), agent('second')] }),
  ).rejects.toThrow('the second worker cannot be created');
  expect(created).toBe(2);
  // Closing throws IllegalStateError ("Workers hold a reference to it") while the first worker is unreleased.
  await expect(connection.close()).resolves.toBeUndefined();
});
