/** The attempt lease: renewed by confirmed heartbeats, lost a margin before the server could move the step elsewhere. */
import {
  holdAttemptLease,
  type HeartbeatConfirmer,
  type HeartbeatVerdict,
  type LeaseLoss,
} from '../../../src/activities/attempt-lease';

const HEARTBEAT_TIMEOUT = 1_000;
const TOKEN = new Uint8Array([1, 2, 3]);

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

/** A confirmer whose answers the test gives one at a time. */
function scriptedServer() {
  const calls: Array<{
    sentAt: number;
    deadline: number;
    details: unknown;
    answer: (verdict: HeartbeatVerdict | Error) => void;
  }> = [];
  const confirm: HeartbeatConfirmer = (_token, details, deadline) =>
    new Promise((resolve, reject) => {
      calls.push({
        sentAt: Date.now(),
        deadline,
        details,
        answer: (v) => (v instanceof Error ? reject(v) : resolve(v)),
      });
    });
  return { calls, confirm };
}

function lease(confirm: HeartbeatConfirmer) {
  const losses: LeaseLoss[] = [];
  const held = holdAttemptLease({
    heartbeatTimeoutMs: HEARTBEAT_TIMEOUT,
    taskToken: TOKEN,
    confirm,
    details: () => ({ progress: 'p' }),
    onLost: (loss) => losses.push(loss),
  });
  return { held, losses };
}

test('a step shorter than a quarter of the heartbeat timeout costs no confirmation', async () => {
  const server = scriptedServer();
  const { held, losses } = lease(server.confirm);
  await jest.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT / 4 - 1);
  held.close();
  await jest.advanceTimersByTimeAsync(5 * HEARTBEAT_TIMEOUT);
  expect(server.calls).toHaveLength(0);
  expect(losses).toEqual([]);
});

test('confirmed heartbeats keep the lease for as long as the step runs', async () => {
  const server = scriptedServer();
  const { held, losses } = lease(server.confirm);
  for (let i = 0; i < 20; i++) {
    await jest.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT / 4);
    server.calls.at(-1)?.answer('current');
  }
  await jest.advanceTimersByTimeAsync(0);
  expect(losses).toEqual([]);
  expect(server.calls.length).toBeGreaterThanOrEqual(18);
  // Valid until a heartbeat timeout after the last confirmed heartbeat was sent, never from when the answer came.
  expect(held.validUntil()).toBe(server.calls.at(-1)!.sentAt + HEARTBEAT_TIMEOUT);
  expect(server.calls.at(-1)!.details).toEqual({ progress: 'p' });
  held.close();
});

test('when the server cannot be reached, the lease is lost a margin before the server may time the attempt out', async () => {
  const server = scriptedServer();
  const { losses } = lease(server.confirm);
  await jest.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT / 4);
  server.calls[0]!.answer('current');
  const confirmedSentAt = server.calls[0]!.sentAt;
  // From here on every confirmation hangs (a cut connection) or fails.
  await jest.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT / 4);
  server.calls[1]!.answer(new Error('14 UNAVAILABLE'));
  const serverTimesOutAt = confirmedSentAt + HEARTBEAT_TIMEOUT;
  await jest.advanceTimersByTimeAsync(serverTimesOutAt - Date.now() - HEARTBEAT_TIMEOUT * 0.1 - 1);
  expect(losses).toEqual([]);
  await jest.advanceTimersByTimeAsync(1);
  expect(losses).toEqual([{ kind: 'unconfirmed', sinceConfirmedMs: HEARTBEAT_TIMEOUT * 0.9 }]);
  // Every confirmation was asked to give up by the time the lease would have run out.
  for (const call of server.calls) expect(call.deadline).toBeLessThanOrEqual(serverTimesOutAt);
});

test('before the first confirmation, the lease assumes the hand-over took at most a quarter of the heartbeat timeout', async () => {
  const { losses } = lease(() => new Promise<HeartbeatVerdict>(() => undefined));
  await jest.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT * 0.65 - 1);
  expect(losses).toEqual([]);
  await jest.advanceTimersByTimeAsync(1);
  expect(losses).toMatchObject([{ kind: 'unconfirmed' }]);
});

test('a server that no longer knows the attempt ends the lease at once', async () => {
  const server = scriptedServer();
  const { losses } = lease(server.confirm);
  await jest.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT / 4);
  server.calls[0]!.answer('gone');
  await jest.advanceTimersByTimeAsync(0);
  expect(losses).toEqual([{ kind: 'gone' }]);
  await jest.advanceTimersByTimeAsync(5 * HEARTBEAT_TIMEOUT);
  expect(server.calls).toHaveLength(1);
  expect(losses).toHaveLength(1);
});
