/**
 * The test kit's create() failing part-way leaves nothing running: an agent pool that cannot be created stops the
 * orchestrator worker already polling, which would otherwise hold the connection and keep the user's test process alive.
 */
import { Worker } from '@temporalio/worker';
import { defineAgent } from '../../../src/activities/define-agent';
import { ORCHESTRATOR_TASK_QUEUE } from '../../../src/orchestration/names';
import { SteadfastTestEnvironment } from '../../../src/testing';
import type * as OrchestratorWorkflows from '../../../src/workers/orchestrator-workflows';
import type * as BundleCache from '../../support/bundle-cache';
import { uniqueAgentName } from '../../support/steadfast-env';

// The kit bundles the orchestrator workflows itself (seconds of webpack): here through the tests' bundle cache.
jest.mock('../../../src/workers/orchestrator-workflows', () => {
  const actual = jest.requireActual<typeof OrchestratorWorkflows>('../../../src/workers/orchestrator-workflows');
  const { cachedBundleCode } = jest.requireActual<typeof BundleCache>('../../support/bundle-cache');
  return {
    ...actual,
    bundleOrchestratorWorkflows: async () => ({
      code: await cachedBundleCode(
        'orchestrator-workflows',
        async () => (await actual.bundleOrchestratorWorkflows()).code,
      ),
    }),
  };
});

afterEach(() => jest.restoreAllMocks());

test('an agent pool that cannot be created stops the orchestrator worker create() had started', async () => {
  const create = Worker.create.bind(Worker);
  const created: Worker[] = [];
  jest.spyOn(Worker, 'create').mockImplementation(async (options) => {
    if (created.length === 1) throw new Error('the agent pool cannot be created');
    const worker = await create(options);
    created.push(worker);
    return worker;
  });
  const agent = defineAgent({
    name: uniqueAgentName('kit-agent'),
    handler: async () => 'done',
    timeouts: { scheduleToStart: '5s', startToClose: '5s', heartbeat: '1s' },
  });

  await expect(SteadfastTestEnvironment.create({ agents: [agent], writeLine: () => undefined })).rejects.toThrow(
    'the agent pool cannot be created',
  );
  const [orchestrator] = created;
  expect(orchestrator?.options.taskQueue).toBe(ORCHESTRATOR_TASK_QUEUE);
  expect(orchestrator?.getState()).toBe('STOPPED');
});
