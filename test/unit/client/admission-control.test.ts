/** The client's admission gate: concurrent starts never overshoot maxInFlight, and refusals are typed and clear. */
import {
  AdmissionGate,
  OrchestrationOverloadedError,
  RUNNING_COUNT_MAX_AGE_MS,
} from '../../../src/client/admission-control';

afterEach(() => jest.useRealTimers());

test('concurrent starts are admitted up to the limit, counting starts still on their way, and the rest refused', async () => {
  jest.useFakeTimers();
  let running = 3;
  const gate = new AdmissionGate(10, async () => running);
  const attempts = Array.from({ length: 20 }, () =>
    gate.admit(async () => {
      // The start lands on the server some time after admission.
      await new Promise((resolve) => setTimeout(resolve, 5));
      running += 1;
      return 'started';
    }),
  );
  const settled = Promise.allSettled(attempts);
  await jest.advanceTimersByTimeAsync(5);
  const results = await settled;
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(7);
  const refusals = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  expect(refusals).toHaveLength(13);
  for (const refusal of refusals) {
    expect(refusal).toBeInstanceOf(OrchestrationOverloadedError);
    expect(refusal).toMatchObject({ name: 'OrchestrationOverloadedError', maxInFlight: 10 });
  }
  expect((refusals[0] as Error).message).toMatch(
    /^not started: 10 orchestrations are in flight and the client's maxInFlight is 10/,
  );
  expect(running).toBe(10);
});

test('a burst costs one count request, and room frees up once a later count sees orchestrations finish', async () => {
  let running = 2;
  let now = 0;
  const countRunning = jest.fn(async () => running);
  const gate = new AdmissionGate(2, countRunning, () => now);
  await Promise.allSettled(Array.from({ length: 5 }, () => gate.admit(async () => 'x')));
  expect(countRunning).toHaveBeenCalledTimes(1);
  running = 1;
  await expect(gate.admit(async () => 'x')).rejects.toBeInstanceOf(OrchestrationOverloadedError);
  now += RUNNING_COUNT_MAX_AGE_MS;
  await expect(gate.admit(async () => 'x')).resolves.toBe('x');
  expect(countRunning).toHaveBeenCalledTimes(2);
});
