/** The agent wrapper around a handler, run in a real activity Context; time is Jest's fake clock. */
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { executeAgentHandler, type HandlerExecutionOptions } from '../../../src/activities/agent-activity';
import { stopAutomaticHeartbeats, type AgentContext, type AgentHandler } from '../../../src/activities/agent-context';
import { createAgentActivity, defineAgent } from '../../../src/activities/define-agent';
import type { AgentInstruction } from '../../../src/orchestration/types';
import {
  agentActivityEnvironment,
  instruction,
  type ActivityInfoOverrides,
  type AgentActivityEnvironment,
} from '../../support/agent-activity-environment';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the wrapper as the activity of a fresh environment. */
function execute<O>(
  handler: AgentHandler<unknown, O>,
  {
    info = {},
    input = instruction(),
    options = {},
  }: {
    info?: ActivityInfoOverrides;
    input?: AgentInstruction;
    options?: Partial<HandlerExecutionOptions>;
  } = {},
) {
  const env: AgentActivityEnvironment = agentActivityEnvironment(info);
  const run = env.run(() => executeAgentHandler(handler, input, { heartbeatFraction: 1 / 3, ...options }));
  // The test observes the outcome later; an early rejection is not unhandled meanwhile.
  run.catch(() => undefined);
  return { env, run };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('agent activity wrapper', () => {
  it('gives the handler its task and identity and answers with an envelope', async () => {
    let seen: AgentContext | undefined;
    const { run } = execute(
      async (task, ctx) => {
        seen = ctx;
        return { echo: task.input, goal: task.goal, results: task.results };
      },
      {
        info: { attempt: 2 },
        input: instruction({ deadline: 1_900_000_000_000 }),
        options: { probe: async () => true },
      },
    );
    expect(await run).toEqual({
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

  it('heartbeats on its own every heartbeat timeout × fraction, carrying the last progress', async () => {
    const { env, run } = execute(
      async (_task, ctx) => {
        ctx.heartbeat({ done: 1 });
        await sleep(200);
      },
      { info: { heartbeatTimeoutMs: 90 } },
    );
    await jest.advanceTimersByTimeAsync(0);
    expect(env.beats).toHaveLength(1); // the handler's own
    await jest.advanceTimersByTimeAsync(29);
    expect(env.beats).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(env.beats).toHaveLength(2); // 90 ms × 1/3
    await jest.advanceTimersByTimeAsync(170);
    await run;
    expect(env.beats).toHaveLength(7);
    expect(new Set(env.beats.map((beat) => JSON.stringify(beat)))).toEqual(
      new Set([JSON.stringify({ progress: { done: 1 }, attempt: 1 })]),
    );
  });

  it('stops heartbeating after the handler finished', async () => {
    const { env, run } = execute(() => sleep(50), { info: { heartbeatTimeoutMs: 60 } });
    await jest.advanceTimersByTimeAsync(50);
    await run;
    expect(env.beats).toHaveLength(2); // at 20 and 40 ms
    expect(jest.getTimerCount()).toBe(0); // no heartbeat or deadline timer left behind
    await jest.advanceTimersByTimeAsync(1_000);
    expect(env.beats).toHaveLength(2);
  });

  it('refuses an instruction past its deadline without running it', async () => {
    const handler = jest.fn();
    const { run } = execute(handler, { input: instruction({ deadline: Date.now() - 1 }) });
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
    const { run } = execute(handler, { info: { attempt: 2 }, options: { probe } });
    await expect(run).rejects.toMatchObject({ type: 'StaleInstruction', nonRetryable: true });
    expect(((await run.catch((e: unknown) => e)) as Error).message).toContain('no longer awaits dispatch 0');
    expect(probe).toHaveBeenCalledTimes(1);
    expect(handler).not.toHaveBeenCalled();
  });

  it('does not probe fresh first attempts, and runs when the probe cannot answer', async () => {
    const probe = jest.fn(async () => {
      throw new Error('query failed');
    });
    await execute(async () => 1, { options: { probe } }).run;
    expect(probe).not.toHaveBeenCalled();
    const late = execute(async () => 1, {
      info: { currentAttemptScheduledTimestampMs: Date.now() - 60_000 },
      options: { probe },
    });
    await expect(late.run).resolves.toMatchObject({ output: 1 });
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('heartbeats before probing and gives up on a slow probe after one heartbeat interval', async () => {
    // A probe that outlived the heartbeat timeout let the server retry the attempt while this one went on to run.
    const probe = jest.fn(() => new Promise<boolean>(() => undefined));
    let beatsBeforeHandler: number | undefined;
    const started = execute(
      async () => {
        beatsBeforeHandler = started.env.beats.length;
      },
      { info: { attempt: 2, heartbeatTimeoutMs: 300 }, options: { probe } },
    );
    await jest.advanceTimersByTimeAsync(99);
    expect(beatsBeforeHandler).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(beatsBeforeHandler).toBe(1);
    await started.run;
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('abandons a handler that ignores cancellation and discards its late result', async () => {
    let signal: AbortSignal | undefined;
    let finished = false;
    const { env, run } = execute(async (_task, ctx) => {
      signal = ctx.signal;
      await sleep(150);
      finished = true;
      return 'late result';
    });
    await jest.advanceTimersByTimeAsync(20);
    env.cancel('TIMED_OUT');
    await expect(run).rejects.toBeInstanceOf(CancelledFailure);
    expect(finished).toBe(false);
    expect(signal!.aborted).toBe(true);
    await jest.advanceTimersByTimeAsync(130);
    expect(finished).toBe(true);
  });

  it('aborts the handler when the instruction deadline passes mid-run', async () => {
    const { run } = execute(
      (_task, ctx) =>
        new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('handler saw abort')))),
      { input: instruction({ deadline: Date.now() + 40 }) },
    );
    let settled = false;
    void run.finally(() => (settled = true)).catch(() => undefined);
    await jest.advanceTimersByTimeAsync(39);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'InstructionDeadlineExceeded', nonRetryable: true });
  });

  it('lets a simulation make an instruction look hung', async () => {
    const { env, run } = execute(
      async (_task, ctx) => {
        stopAutomaticHeartbeats(ctx);
        ctx.heartbeat('ignored');
        await sleep(100);
      },
      { info: { heartbeatTimeoutMs: 60 } },
    );
    await jest.advanceTimersByTimeAsync(100);
    await run;
    expect(env.beats).toEqual([]);
  });

  it('never heartbeats inside a local activity', async () => {
    const { env, run } = execute(
      async (_t, ctx) => {
        ctx.heartbeat('x');
        await sleep(1_000);
      },
      // A heartbeat timeout that would mean a beat every 20 ms, were the activity not local.
      { info: { isLocal: true, heartbeatTimeoutMs: 60 } },
    );
    await jest.advanceTimersByTimeAsync(1_000);
    await run;
    expect(env.beats).toEqual([]);
  });

  it('rejects arguments that are not instructions as non-retryable', async () => {
    const { run } = execute(async () => 1, { input: { hello: 'world' } as never });
    await expect(run).rejects.toMatchObject({ type: 'InvalidInstruction', nonRetryable: true });
  });

  it('createAgentActivity uses the definition’s handler and heartbeat fraction', async () => {
    const agent = defineAgent({ name: 'search', handler: async (task: { goal: string }) => task.goal });
    const activity = createAgentActivity(agent);
    await expect(agentActivityEnvironment().run(() => activity(instruction()))).resolves.toEqual({
      output: 'find facts',
      attempt: 1,
      agent: 'search',
    });
  });
});
