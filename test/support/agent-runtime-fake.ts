/** A stand-in for Temporal's activity Context, so the agent wrapper can be tested without a server. */
import type { ActivityRuntime } from '../../src/activities/agent-context';
import type { AgentInstruction, InstructionIdentity } from '../../src/orchestration/types';

export interface FakeRuntime {
  readonly runtime: ActivityRuntime;
  readonly beats: unknown[];
  cancel(reason?: unknown): void;
}

export function fakeRuntime(info: Partial<ActivityRuntime['info']> = {}): FakeRuntime {
  const controller = new AbortController();
  const beats: unknown[] = [];
  return {
    runtime: {
      info: {
        attempt: 1,
        isLocal: false,
        heartbeatTimeoutMs: 90,
        startToCloseTimeoutMs: 10_000,
        currentAttemptScheduledTimestampMs: Date.now(),
        ...info,
      },
      heartbeat: (details) => beats.push(details),
      cancellationSignal: controller.signal,
    },
    beats,
    cancel: (reason) => controller.abort(reason),
  };
}

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

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
