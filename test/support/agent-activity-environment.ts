/**
 * Agent handlers in a real activity Context without a server: the SDK's MockActivityEnvironment, with the
 * heartbeats it receives recorded and its log lines in the test log. The wrapper reads Context.current() as it does
 * on a worker, so these tests cover that path too.
 */
import type { Info } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { AgentInstruction, InstructionIdentity } from '../../src/orchestration/types';
import { testLogger } from './test-log';

/** Activity info to run with; a field set to undefined is absent (e.g. no heartbeat timeout). */
export type ActivityInfoOverrides = { readonly [Field in keyof Info]?: Info[Field] | undefined };

type CancelReason = NonNullable<Parameters<MockActivityEnvironment['cancel']>[0]>;

export interface AgentActivityEnvironment {
  /** Runs `fn` as the activity; Context.current() is this environment's context inside it. */
  run<Result>(fn: () => Promise<Result>): Promise<Result>;
  /** Every heartbeat's details, in order. */
  readonly beats: unknown[];
  /** Resolves with the first heartbeat's details, recorded already or still to come, that `matches` accepts. */
  heartbeat(matches?: (details: unknown) => boolean): Promise<unknown>;
  /** Cancels the activity as the worker would (its cancellation signal fires with a CancelledFailure). */
  cancel(reason?: CancelReason): void;
}

export function agentActivityEnvironment(info: ActivityInfoOverrides = {}): AgentActivityEnvironment {
  const env = new MockActivityEnvironment(
    {
      heartbeatTimeoutMs: 90,
      startToCloseTimeoutMs: 10_000,
      currentAttemptScheduledTimestampMs: Date.now(),
      ...info,
    } as Partial<Info>,
    { logger: testLogger('activity') },
  );
  const beats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => beats.push(details));
  return {
    run: (fn) => env.run(fn),
    beats,
    heartbeat: (matches = () => true) =>
      new Promise((resolve) => {
        const seen = beats.find(matches);
        if (seen !== undefined) return resolve(seen);
        const listener = (details: unknown) => {
          if (!matches(details)) return;
          env.off('heartbeat', listener);
          resolve(details);
        };
        env.on('heartbeat', listener);
      }),
    cancel: (reason = 'CANCELLED') => env.cancel(reason),
  };
}

/** An instruction for agent "search", step-1 of orch-1, due in a minute. */
export function instruction(
  identity: Partial<InstructionIdentity> = {},
  input: unknown = { q: 'x' },
): AgentInstruction {
  return {
    identity: {
      orchestrationId: 'orch-1',
      stepId: 'step-1',
      dispatch: 0,
      agent: 'search',
      mode: 'primary',
      idempotencyKey: 'orch-1/step-1',
      deadline: Date.now() + 60_000,
      ...identity,
    },
    task: { goal: 'find facts', input, results: { earlier: 1 } },
  };
}
