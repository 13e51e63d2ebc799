import { executeAgentHandler } from '../../../src/activities/agent-activity';
import { simulatedAgent } from '../../../src/activities/simulated-agent';
import { garbageValue, seededRandom, simulatedBehavior } from '../../../src/activities/simulated-behavior';
import { SimulatedAgentConfigSchema } from '../../../src/config/simulated-agent-config';
import { delay, fakeRuntime, instruction } from '../../support/agent-runtime-fake';

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
  const run = (handler: ReturnType<typeof simulatedAgent>, fake = fakeRuntime()) =>
    executeAgentHandler(handler, instruction(), { heartbeatFraction: 1 / 3, runtime: () => fake.runtime });

  it('echoes its task after its latency by default', async () => {
    const handler = simulatedAgent({ latency: { min: 5, max: 5 } });
    await expect(run(handler)).resolves.toMatchObject({
      output: { agent: 'search', stepId: 'step-1', goal: 'find facts', echo: { q: 'x' } },
    });
  });

  it('uses respond() or a fixed output when no fault strikes', async () => {
    await expect(run(simulatedAgent({ latency: { min: 1, max: 1 }, output: 'fixed' }))).resolves.toMatchObject({
      output: 'fixed',
    });
    const router = simulatedAgent({ latency: { min: 1, max: 1 }, respond: () => ({ done: true }) });
    await expect(run(router)).resolves.toMatchObject({ output: { done: true } });
  });

  it('fails with a typed, retryable error', async () => {
    await expect(run(simulatedAgent({ latency: { min: 1, max: 1 }, faults: { fail: 1 } }))).rejects.toMatchObject({
      type: 'SimulatedFailure',
      nonRetryable: false,
    });
  });

  it('returns garbage', async () => {
    const reply = await run(simulatedAgent({ latency: { min: 1, max: 1 }, faults: { garbage: 1 } }));
    expect(reply.output).not.toEqual(expect.objectContaining({ echo: expect.anything() }));
  });

  it('hangs silently until abandoned', async () => {
    const fake = fakeRuntime({ heartbeatTimeoutMs: 60 });
    const pending = run(simulatedAgent({ faults: { hang: 1 } }), fake);
    await delay(120);
    expect(fake.beats).toHaveLength(1);
    fake.cancel(new Error('heartbeat timeout'));
    await expect(pending).rejects.toThrow('heartbeat timeout');
  });

  it('crashes the process through the crash hook', async () => {
    const crash = jest.fn();
    const fake = fakeRuntime();
    const pending = run(simulatedAgent({ latency: { min: 1, max: 1 }, faults: { crash: 1 }, crash }), fake);
    await delay(20);
    expect(crash).toHaveBeenCalledTimes(1);
    fake.cancel(new Error('worker gone'));
    await expect(pending).rejects.toThrow('worker gone');
  });
});
