/** The agent wrapper holds a lease on its attempt: a pool that cannot get heartbeats confirmed stops acting. */
import { executeAgentHandler } from '../../../src/activities/agent-activity';
import { stopAutomaticHeartbeats } from '../../../src/activities/agent-context';
import type { HeartbeatConfirmer } from '../../../src/activities/attempt-lease';
import { delay, fakeRuntime, instruction } from '../../support/agent-runtime-fake';

const TOKEN = new Uint8Array([7]);

/** Runs a handler that works for `workMs`, then acts unless its signal fired. */
async function runStep(confirmHeartbeat: HeartbeatConfirmer, workMs: number, info = {}) {
  const fake = fakeRuntime({ heartbeatTimeoutMs: 100, taskToken: TOKEN, ...info });
  const acted: string[] = [];
  const run = executeAgentHandler(
    async (_task, ctx) => {
      await delay(workMs);
      if (ctx.signal.aborted) throw ctx.signal.reason;
      acted.push(ctx.idempotencyKey);
      return 'done';
    },
    instruction(),
    { heartbeatFraction: 1 / 3, runtime: () => fake.runtime, confirmHeartbeat },
  );
  return { run, acted };
}

test('a pool cut off from the server stops the handler, before the server may time it out, with a retryable failure', async () => {
  const confirm = jest.fn<ReturnType<HeartbeatConfirmer>, Parameters<HeartbeatConfirmer>>(async () => {
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
  const { run, acted } = await runStep(async () => 'gone', 300);
  await expect(run).rejects.toMatchObject({ type: 'StaleInstruction', nonRetryable: true });
  expect(acted).toEqual([]);
});

test('while the server confirms heartbeats, a step many heartbeat timeouts long runs to the end', async () => {
  const confirm = jest.fn<ReturnType<HeartbeatConfirmer>, Parameters<HeartbeatConfirmer>>(async () => 'current');
  const { run, acted } = await runStep(confirm, 500);
  await expect(run).resolves.toMatchObject({ output: 'done' });
  expect(acted).toEqual(['orch-1/step-1']);
  expect(confirm.mock.calls.length).toBeGreaterThanOrEqual(10);
});

test('no lease without a task token, and none for a local activity', async () => {
  const confirm = jest.fn<ReturnType<HeartbeatConfirmer>, Parameters<HeartbeatConfirmer>>(async () => 'gone');
  await expect((await runStep(confirm, 150, { taskToken: undefined })).run).resolves.toMatchObject({ output: 'done' });
  await expect((await runStep(confirm, 150, { isLocal: true })).run).resolves.toMatchObject({ output: 'done' });
  expect(confirm).not.toHaveBeenCalled();
});

test('a simulated hang renews nothing either, so the server is left to time it out', async () => {
  const confirm = jest.fn<ReturnType<HeartbeatConfirmer>, Parameters<HeartbeatConfirmer>>(async () => 'current');
  const fake = fakeRuntime({ heartbeatTimeoutMs: 100, taskToken: TOKEN });
  const run = executeAgentHandler(
    async (_task, ctx) => {
      stopAutomaticHeartbeats(ctx);
      await delay(300);
      return ctx.signal.aborted ? 'stopped' : 'still running';
    },
    instruction(),
    { heartbeatFraction: 1 / 3, runtime: () => fake.runtime, confirmHeartbeat: confirm },
  );
  await expect(run).resolves.toMatchObject({ output: 'still running' });
  expect(confirm).not.toHaveBeenCalled();
});
