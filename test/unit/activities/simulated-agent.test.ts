import { executeAgentHandler } from '../../../src/activities/agent-activity';
import { simulatedAgent } from '../../../src/activities/simulated-agent';
import { garbageValue, seededRandom, simulatedBehavior } from '../../../src/activities/simulated-behavior';
import { SimulatedAgentConfigSchema } from '../../../src/config/simulated-agent-config';
import { CancelledFailure } from '@temporalio/common';
import {
  agentActivityEnvironment,
  instruction,
  type ActivityInfoOverrides,
} from '../../support/agent-activity-environment';

const config = (input: object) => SimulatedAgentConfigSchema.parse(input);
const key = (n: number, attempt = 1) => ({ agent: 'search', idempotencyKey: `o/step-${n}`, attempt });

describe('simulated behaviour', () => {
  it('is deterministic for a seed and an instruction', () => {
    const c = config({ seed: 7, faults: { fail: 0.3, hang: 0.2 } });
    const first = simulatedBehavior(c, key(1));
    const again = simulatedBehavior(c, key(1));
    expect([again.fault, again.latencyMs]).toEqual([first.fault, first.latencyMs]);
  });

  it('draws faults with the configured frequencies', () => {
    const c = config({ seed: 3, faults: { fail: 0.2, hang: 0.1, garbage: 0.1 } });
    const counts: Record<string, number> = {};
    for (let n = 0; n < 4_000; n++) {
      const { fault } = simulatedBehavior(c, key(n));
      counts[fault] = (counts[fault] ?? 0) + 1;
    }
    expect(counts.fail! / 4_000).toBeCloseTo(0.2, 1);
    expect(counts.hang! / 4_000).toBeCloseTo(0.1, 1);
    expect(counts.garbage! / 4_000).toBeCloseTo(0.1, 1);
    expect(counts.crash).toBeUndefined();
  });

  it('keeps latency within bounds and multiplies it when slow', () => {
    const c = config({ latency: { min: 10, max: 20 }, faults: { slow: 1 }, slowFactor: 5 });
    for (let n = 0; n < 50; n++) {
      const { fault, latencyMs } = simulatedBehavior(c, key(n));
      expect(fault).toBe('slow');
      expect(latencyMs).toBeGreaterThanOrEqual(50);
      expect(latencyMs).toBeLessThanOrEqual(100);
    }
  });

  it('can limit faults to the first attempts', () => {
    const c = config({ faults: { fail: 1 }, faultyAttempts: 2 });
    expect(simulatedBehavior(c, key(1, 2)).fault).toBe('fail');
    expect(simulatedBehavior(c, key(1, 3)).fault).toBe('none');
  });

  it('rejects fault probabilities adding up to more than 1', () => {
    expect(SimulatedAgentConfigSchema.safeParse({ faults: { fail: 0.6, hang: 0.6 } }).success).toBe(false);
  });

  it('produces garbage deterministically', () => {
    expect(garbageValue(seededRandom(5))).toEqual(garbageValue(seededRandom(5)));
  });
});

describe('simulatedAgent handler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Runs the handler as an agent activity on the fake clock. */
  function start(handler: ReturnType<typeof simulatedAgent>, info: ActivityInfoOverrides = {}) {
    const env = agentActivityEnvironment(info);
    const result = env.run(() => executeAgentHandler(handler, instruction(), { heartbeatFraction: 1 / 3 }));
    result.catch(() => undefined);
    return { env, result };
  }

  /** The handler's outcome once `ms` of its (simulated) latency have passed. */
  async function outcome(handler: ReturnType<typeof simulatedAgent>, ms: number) {
    const { result } = start(handler);
    await jest.advanceTimersByTimeAsync(ms);
    return result;
  }

  it('echoes its task after its latency by default', async () => {
    const { result } = start(simulatedAgent({ latency: { min: 500, max: 500 } }));
    let settled = false;
    void result.finally(() => (settled = true));
    await jest.advanceTimersByTimeAsync(499);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({
      output: { agent: 'search', stepId: 'step-1', goal: 'find facts', echo: { q: 'x' } },
    });
  });

  it('uses respond() or a fixed output when no fault strikes', async () => {
    await expect(outcome(simulatedAgent({ latency: { min: 1, max: 1 }, output: 'fixed' }), 1)).resolves.toMatchObject({
      output: 'fixed',
    });
    const router = simulatedAgent({ latency: { min: 1, max: 1 }, respond: () => ({ done: true }) });
    await expect(outcome(router, 1)).resolves.toMatchObject({ output: { done: true } });
  });

  it('fails with a typed, retryable error', async () => {
    await expect(
      outcome(simulatedAgent({ latency: { min: 1, max: 1 }, faults: { fail: 1 } }), 1),
    ).rejects.toMatchObject({ type: 'SimulatedFailure', nonRetryable: false });
  });

  it('returns garbage', async () => {
    const reply = await outcome(simulatedAgent({ latency: { min: 1, max: 1 }, faults: { garbage: 1 } }), 1);
    expect(reply.output).not.toEqual(expect.objectContaining({ echo: expect.anything() }));
  });

  it('hangs silently until abandoned', async () => {
    const { env, result } = start(simulatedAgent({ faults: { hang: 1 } }), { heartbeatTimeoutMs: 60 });
    await jest.advanceTimersByTimeAsync(5_000); // within the attempt's start-to-close timeout (10 s)
    // Only the heartbeat announcing the simulated fault; none after, automatic or not.
    expect(env.beats).toEqual([{ progress: expect.objectContaining({ simulated: 'hang' }), attempt: 1 }]);
    env.cancel('TIMED_OUT');
    await expect(result).rejects.toBeInstanceOf(CancelledFailure);
  });

  it('crashes the process through the crash hook', async () => {
    const crash = jest.fn();
    const { env, result } = start(simulatedAgent({ latency: { min: 1, max: 1 }, faults: { crash: 1 }, crash }));
    await jest.advanceTimersByTimeAsync(1);
    expect(crash).toHaveBeenCalledTimes(1);
    env.cancel('WORKER_SHUTDOWN');
    await expect(result).rejects.toBeInstanceOf(CancelledFailure);
  });
});
