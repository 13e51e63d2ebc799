import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { executeAgentHandler } from '../../../src/activities/agent-activity';
import { stopAutomaticHeartbeats, type AgentContext } from '../../../src/activities/agent-context';
import { createAgentActivity, defineAgent } from '../../../src/activities/define-agent';
import { delay, fakeRuntime, instruction } from '../../support/agent-runtime-fake';

const options = (fake: ReturnType<typeof fakeRuntime>, extra = {}) => ({
  heartbeatFraction: 1 / 3,
  runtime: () => fake.runtime,
  ...extra,
});

describe('agent activity wrapper', () => {
  it('gives the handler its task and identity and answers with an envelope', async () => {
    const fake = fakeRuntime({ attempt: 2 });
    let seen: AgentContext | undefined;
    const reply = await executeAgentHandler(
      async (task, ctx) => {
        seen = ctx;
        return { echo: task.input, goal: task.goal, results: task.results };
      },
      instruction({ deadline: 1_900_000_000_000 }),
      options(fake),
    );
    expect(reply).toEqual({
      output: { echo: { q: 'x' }, goal: 'find facts', results: { earlier: 1 } },
      attempt: 2,
      agent: 'search',
    });
    expect(seen).toMatchObject({
      orchestrationId: 'orch-1',
      stepId: 'step-1',
      attempt: 2,
      idempotencyKey: 'orch-1/step-1',
      agent: 'search',
      mode: 'primary',
      deadline: new Date(1_900_000_000_000),
    });
    expect(seen!.signal.aborted).toBe(false);
  });

  it('heartbeats on its own at a fraction of the heartbeat timeout, carrying the last progress', async () => {
    const fake = fakeRuntime({ heartbeatTimeoutMs: 90 });
    await executeAgentHandler(
      async (_task, ctx) => {
        ctx.heartbeat({ done: 1 });
        await delay(200);
      },
      instruction(),
      options(fake),
    );
    expect(fake.beats.length).toBeGreaterThanOrEqual(5);
    expect(fake.beats.at(-1)).toEqual({ progress: { done: 1 }, attempt: 1 });
  });

  it('stops heartbeating after the handler finished', async () => {
    const fake = fakeRuntime({ heartbeatTimeoutMs: 60 });
    await executeAgentHandler(async () => delay(50), instruction(), options(fake));
    const count = fake.beats.length;
    await delay(100);
    expect(fake.beats.length).toBe(count);
  });

  it('refuses an instruction past its deadline without running it', async () => {
    const handler = jest.fn();
    const run = executeAgentHandler(handler, instruction({ deadline: Date.now() - 1 }), options(fakeRuntime()));
    await expect(run).rejects.toMatchObject({
      name: 'ApplicationFailure',
      type: 'StaleInstruction',
      nonRetryable: true,
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('asks the orchestration on retries and refuses dispatches it no longer awaits', async () => {
    const handler = jest.fn();
    const probe = jest.fn(async () => false);
    const run = executeAgentHandler(handler, instruction(), options(fakeRuntime({ attempt: 2 }), { probe }));
    await expect(run).rejects.toMatchObject({ type: 'StaleInstruction', nonRetryable: true });
    expect(((await run.catch((e: unknown) => e)) as Error).message).toContain('no longer awaits dispatch 0');
    expect(probe).toHaveBeenCalledTimes(1);
    expect(handler).not.toHaveBeenCalled();
  });

  it('does not probe fresh first attempts, and runs when the probe cannot answer', async () => {
    const probe = jest.fn(async () => {
      throw new Error('query failed');
    });
    await executeAgentHandler(async () => 1, instruction(), options(fakeRuntime(), { probe }));
    expect(probe).not.toHaveBeenCalled();
    const late = fakeRuntime({ currentAttemptScheduledTimestampMs: Date.now() - 60_000 });
    await expect(executeAgentHandler(async () => 1, instruction(), options(late, { probe }))).resolves.toMatchObject({
      output: 1,
    });
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('heartbeats before probing and gives up on a slow probe after one heartbeat interval', async () => {
    // A probe that outlived the heartbeat timeout let the server retry the attempt while this one went on to run.
    jest.useFakeTimers();
    try {
      const fake = fakeRuntime({ attempt: 2, heartbeatTimeoutMs: 300 });
      const probe = jest.fn(() => new Promise<boolean>(() => undefined));
      let beatsBeforeHandler: number | undefined;
      const run = executeAgentHandler(
        async () => {
          beatsBeforeHandler = fake.beats.length;
        },
        instruction(),
        options(fake, { probe }),
      );
      await jest.advanceTimersByTimeAsync(99);
      expect(beatsBeforeHandler).toBeUndefined();
      await jest.advanceTimersByTimeAsync(1);
      expect(beatsBeforeHandler).toBe(1);
      await run;
      expect(probe).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('abandons a handler that ignores cancellation and discards its late result', async () => {
    const fake = fakeRuntime();
    let signal: AbortSignal | undefined;
    let finished = false;
    const run = executeAgentHandler(
      async (_task, ctx) => {
        signal = ctx.signal;
        await delay(150);
        finished = true;
        return 'late result';
      },
      instruction(),
      options(fake),
    );
    await delay(20);
    fake.cancel(new CancelledFailure('HEARTBEAT_TIMEOUT'));
    await expect(run).rejects.toBeInstanceOf(CancelledFailure);
    expect(finished).toBe(false);
    expect(signal!.aborted).toBe(true);
    await delay(160);
    expect(finished).toBe(true);
  });

  it('aborts the handler when the instruction deadline passes mid-run', async () => {
    const fake = fakeRuntime();
    const run = executeAgentHandler(
      (_task, ctx) =>
        new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('handler saw abort')))),
      instruction({ deadline: Date.now() + 40 }),
      options(fake),
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'InstructionDeadlineExceeded', nonRetryable: true });
  });

  it('lets a simulation make an instruction look hung', async () => {
    const fake = fakeRuntime({ heartbeatTimeoutMs: 60 });
    await executeAgentHandler(
      async (_task, ctx) => {
        stopAutomaticHeartbeats(ctx);
        ctx.heartbeat('ignored');
        await delay(100);
      },
      instruction(),
      options(fake),
    );
    expect(fake.beats).toEqual([]);
  });

  it('never heartbeats inside a local activity', async () => {
    const fake = fakeRuntime({ isLocal: true, heartbeatTimeoutMs: undefined });
    await executeAgentHandler(
      async (_t, ctx) => {
        ctx.heartbeat('x');
        await delay(30);
      },
      instruction(),
      options(fake),
    );
    expect(fake.beats).toEqual([]);
  });

  it('rejects arguments that are not instructions as non-retryable', async () => {
    const run = executeAgentHandler(async () => 1, { hello: 'world' } as never, options(fakeRuntime()));
    await expect(run).rejects.toMatchObject({ type: 'InvalidInstruction', nonRetryable: true });
  });

  it('createAgentActivity uses the definition’s handler and heartbeat fraction', async () => {
    const fake = fakeRuntime();
    const agent = defineAgent({ name: 'search', handler: async (task: { goal: string }) => task.goal });
    const activity = createAgentActivity(agent, { runtime: () => fake.runtime });
    await expect(activity(instruction())).resolves.toEqual({ output: 'find facts', attempt: 1, agent: 'search' });
  });
});
