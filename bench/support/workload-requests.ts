/** The orchestration requests benchmarks send: the same request objects go to Steadfast and to the in-memory baseline. */
import type { OrchestrationRequestInput } from '../../src/config/orchestration-request';
import { BENCH_HANG_AGENT, BENCH_STEP_AGENT } from '../agents/bench-agents';

export interface ChainOptions {
  readonly steps: number;
  readonly agent?: string;
  /** Feed the agent-health registry (a query and a signal per step); Steadfast's default is on. */
  readonly agentHealth?: boolean;
  readonly continueAsNewAfterEvents?: number;
}

/** Steps s1..sN, each depending on the one before: one step in flight at a time. */
export function chainRequest(options: ChainOptions): OrchestrationRequestInput {
  const ids = Array.from({ length: options.steps }, (_, i) => `s${i + 1}`);
  return {
    goal: `benchmark chain of ${options.steps} steps`,
    maxSteps: Math.max(100, options.steps),
    plan: {
      steps: ids.map((id, i) => ({
        id,
        agent: options.agent ?? BENCH_STEP_AGENT,
        input: { step: i + 1 },
        dependsOn: i === 0 ? [] : [ids[i - 1]!],
      })),
    },
    ...(options.agentHealth === false ? { agentHealth: { enabled: false } } : {}),
    ...(options.continueAsNewAfterEvents !== undefined
      ? { continueAsNewAfterEvents: options.continueAsNewAfterEvents }
      : {}),
  };
}

export interface HangOptions {
  /** The step's heartbeat timeout: how long the orchestration waits on a silent agent. */
  readonly heartbeatMs: number;
  /** A registry of its own, so circuits opened by other measurements do not bypass the hanging agent. */
  readonly healthRegistryId: string;
}

/** One step on the agent that always hangs; its fallback (the step agent) answers instead. */
export function hangRequest(options: HangOptions): OrchestrationRequestInput {
  return {
    goal: 'benchmark hang detection',
    plan: { steps: [{ id: 'hang', agent: BENCH_HANG_AGENT, timeouts: { heartbeat: options.heartbeatMs } }] },
    agentHealth: { registryId: options.healthRegistryId },
  };
}

export interface LongStepOptions {
  /** The step's heartbeat timeout: how soon the server gives up on a silent (dead) agent pool. */
  readonly heartbeatMs: number;
  /** The first retry's backoff; the agents' default (1 s) when absent. */
  readonly retryInitialIntervalMs?: number;
}

/** One step on the step agent (its latency set longer than the heartbeat timeout), retried at the agents' defaults. */
export function longStepRequest(options: LongStepOptions): OrchestrationRequestInput {
  return {
    goal: 'benchmark agent pool failover',
    plan: {
      steps: [
        {
          id: 'long',
          agent: BENCH_STEP_AGENT,
          timeouts: { heartbeat: options.heartbeatMs },
          ...(options.retryInitialIntervalMs !== undefined
            ? { retry: { initialInterval: options.retryInitialIntervalMs } }
            : {}),
        },
      ],
    },
  };
}
