/**
 * The agent wrapper holds a lease on its attempt: a pool that cannot get heartbeats confirmed stops acting. Run in a
 * real activity Context on Jest's fake clock.
 */
import { executeAgentHandler } from '../../../src/activities/agent-activity';
import { stopAutomaticHeartbeats } from '../../../src/activities/agent-context';
import type { HeartbeatConfirmer } from '../../../src/activities/attempt-lease';
import {
  agentActivityEnvironment,
  instruction,
  type ActivityInfoOverrides,
} from '../../support/agent-activity-environment';

const TOKEN = new Uint8Array([7]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const confirmer = (answer: () => Promise<'current' | 'gone'>) =>
  jest.fn<ReturnType<HeartbeatConfirmer>, Parameters<HeartbeatConfirmer>>(answer);

/** Runs a handler that works for `workMs` (heartbeat timeout 100 ms), then acts unless its signal fired. */
async function runStep(confirmHeartbeat: HeartbeatConfirmer, workMs: number, info: ActivityInfoOverrides = {}) {
  const acted: string[] = [];
  const run = agentActivityEnvironment({ heartbeatTimeoutMs: 100, taskToken: TOKEN, ...info }).run(() =>
    executeAgentHandler(
      async (_task, ctx) => {
        await sleep(workMs);
        if (ctx.signal.aborted) throw ctx.signal.reason;
        acted.push(ctx.idempotencyKey);
        return 'done';
      },
      instruction(),
      { heartbeatFraction: 1 / 3, confirmHeartbeat },
    ),
  );
  run.catch(() => undefined);
  await jest.advanceTimersByTimeAsync(workMs);
  return { run, acted };
}

test('a pool cut off from the server stops the handler, before the server may time it out, with a retryable failure', async () => {
  const confirm = confirmer(async () => {
    throw new Error('14 UNAVAILABLE: connection refused');
  });
  const { run, acted } = await runStep(confirm, 300);
  await expect(run).rejects.toMatchObject({
    name: 'ApplicationFailure',
    type: 'ServerContactLost',
    nonRetryable: false,
  });
  // The work takes three heartbeat timeouts; the handler saw its signal before it could act.
  expect(acted).toEqual([]);
  expect(confirm).toHaveBeenCalledWith(TOKEN, { progress: undefined, attempt: 1 }, expect.any(Number));
});

test('a server that no longer knows the attempt makes the handler stop as a stale instruction', async () => {
  const { run, acted } = await runStep(
    confirmer(async () => 'gone'),
    300,
  );
  await expect(run).rejects.toMatchObject({ type: 'StaleInstruction', nonRetryable: true });
  expect(acted).toEqual([]);
});

test('while the server confirms heartbeats, a step many heartbeat timeouts long runs to the end', async () => {
  const confirm = confirmer(async () => 'current');
  const { run, acted } = await runStep(confirm, 500);
  await expect(run).resolves.toMatchObject({ output: 'done' });
  expect(acted).toEqual(['orch-1/step-1']);
  expect(confirm.mock.calls.length).toBeGreaterThanOrEqual(10);
});

test('no lease without a task token, and none for a local activity', async () => {
  const confirm = confirmer(async () => 'gone');
  await expect((await runStep(confirm, 150, { taskToken: undefined })).run).resolves.toMatchObject({ output: 'done' });
  await expect((await runStep(confirm, 150, { isLocal: true })).run).resolves.toMatchObject({ output: 'done' });
  expect(confirm).not.toHaveBeenCalled();
});

test('a simulated hang renews nothing either, so the server is left to time it out', async () => {
  const confirm = confirmer(async () => 'current');
  const run = agentActivityEnvironment({ heartbeatTimeoutMs: 100, taskToken: TOKEN }).run(() =>
    executeAgentHandler(
      async (_task, ctx) => {
        stopAutomaticHeartbeats(ctx);
        await sleep(300);
        return ctx.signal.aborted ? 'stopped' : 'still running';
      },
      instruction(),
      { heartbeatFraction: 1 / 3, confirmHeartbeat: confirm },
    ),
  );
  await jest.advanceTimersByTimeAsync(300);
  await expect(run).resolves.toMatchObject({ output: 'still running' });
  expect(confirm).not.toHaveBeenCalled();
});
