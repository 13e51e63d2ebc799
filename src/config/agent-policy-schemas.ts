/** Schemas of how an agent is dispatched to: timeouts, retries and its fallback chain, plus per-step overrides. */
import { z } from 'zod';
import type {
  AgentPolicy,
  AgentRetry,
  AgentTimeouts,
  Override,
  StepPolicyOverrides,
} from '../orchestration/agent-policy';
import type { FallbackPolicy } from '../orchestration/fallback-chain';
import { AGENT_NAME_PATTERN, agentTaskQueue } from '../orchestration/names';
import { durationAtLeast } from './duration';

export const AgentNameSchema = z
  .string({ error: 'expected an agent name' })
  .regex(AGENT_NAME_PATTERN, 'expected an agent name: a letter, then letters, digits, "_", "." or "-" (at most 100)');

const timeoutFields = {
  scheduleToStart: durationAtLeast(1),
  startToClose: durationAtLeast(1),
  heartbeat: durationAtLeast(100),
  scheduleToClose: durationAtLeast(1),
};

function checkTimeouts(t: Override<AgentTimeouts>, ctx: z.RefinementCtx): void {
  if (t.heartbeat !== undefined && t.startToClose !== undefined && t.heartbeat > t.startToClose) {
    ctx.addIssue({ code: 'custom', path: ['heartbeat'], message: 'must not be longer than startToClose' });
  }
  if (t.scheduleToClose !== undefined && t.startToClose !== undefined && t.scheduleToClose < t.startToClose) {
    ctx.addIssue({ code: 'custom', path: ['scheduleToClose'], message: 'must not be shorter than startToClose' });
  }
}

export const AgentTimeoutsSchema = z
  .strictObject({
    /** No worker picked the instruction up within this time: no agent is reachable. */
    scheduleToStart: timeoutFields.scheduleToStart.default(10_000),
    startToClose: timeoutFields.startToClose.default(300_000),
    /** A running agent silent for this long is hung; the wrapper heartbeats well within it. */
    heartbeat: timeoutFields.heartbeat.default(10_000),
    scheduleToClose: timeoutFields.scheduleToClose.optional(),
  })
  .superRefine(checkTimeouts);

export const AgentTimeoutsOverrideSchema = z
  .strictObject({
    scheduleToStart: timeoutFields.scheduleToStart.optional(),
    startToClose: timeoutFields.startToClose.optional(),
    heartbeat: timeoutFields.heartbeat.optional(),
    scheduleToClose: timeoutFields.scheduleToClose.optional(),
  })
  .superRefine(checkTimeouts);

const retryFields = {
  maxAttempts: z.number().int().min(1).max(100),
  initialInterval: durationAtLeast(1),
  backoffCoefficient: z.number().min(1).max(10),
  maxInterval: durationAtLeast(1),
  nonRetryableErrorTypes: z.array(z.string().min(1)),
};

/**
 * The first retry waits 500 ms, not Temporal's 1 s: an attempt abandoned at its heartbeat timeout (a pool killed or
 * hung mid-step) is dispatched again within heartbeat timeout + 1 s even when its last heartbeat came just before the
 * death (docs/reliability.md, "The other take-overs"); later retries still back off ×2.
 */
export const DEFAULT_AGENT_RETRY_INITIAL_INTERVAL_MS = 500;

export const AgentRetrySchema = z.strictObject({
  maxAttempts: retryFields.maxAttempts.default(3),
  initialInterval: retryFields.initialInterval.default(DEFAULT_AGENT_RETRY_INITIAL_INTERVAL_MS),
  backoffCoefficient: retryFields.backoffCoefficient.default(2),
  maxInterval: retryFields.maxInterval.default(30_000),
  nonRetryableErrorTypes: retryFields.nonRetryableErrorTypes.default([]),
});

export const AgentRetryOverrideSchema = z.strictObject({
  maxAttempts: retryFields.maxAttempts.optional(),
  initialInterval: retryFields.initialInterval.optional(),
  backoffCoefficient: retryFields.backoffCoefficient.optional(),
  maxInterval: retryFields.maxInterval.optional(),
  nonRetryableErrorTypes: retryFields.nonRetryableErrorTypes.optional(),
});

const fallbackFields = {
  /** Agents tried in order after the primary. */
  alternates: z.array(AgentNameSchema).max(20),
  /** Run the primary agent's autonomous (degraded) handler on the orchestrator when all agents failed. */
  autonomous: z.boolean(),
  /** What happens when every branch failed: skip the step (dependents run without it) or fail the orchestration. */
  onExhausted: z.enum(['skip', 'fail'], { error: 'expected "skip" or "fail"' }),
};

export const FallbackPolicySchema = z.strictObject({
  alternates: fallbackFields.alternates.default([]),
  autonomous: fallbackFields.autonomous.default(true),
  onExhausted: fallbackFields.onExhausted.default('fail'),
});

export const FallbackOverrideSchema = z.strictObject({
  alternates: fallbackFields.alternates.optional(),
  autonomous: fallbackFields.autonomous.optional(),
  onExhausted: fallbackFields.onExhausted.optional(),
});

/** Step-level settings that override the agent's own. */
export const StepPolicyOverridesSchema = z.strictObject({
  timeouts: AgentTimeoutsOverrideSchema.optional(),
  retry: AgentRetryOverrideSchema.optional(),
  fallback: FallbackOverrideSchema.optional(),
});

/** An agent's dispatch policy without its task queue (which follows from its name unless set). */
export const AgentDispatchSchema = z.strictObject({
  timeouts: AgentTimeoutsSchema.prefault({}),
  retry: AgentRetrySchema.prefault({}),
  fallback: FallbackPolicySchema.prefault({}),
});

export type AgentTimeoutsInput = z.input<typeof AgentTimeoutsSchema>;
export type AgentRetryInput = z.input<typeof AgentRetrySchema>;
export type FallbackPolicyInput = z.input<typeof FallbackPolicySchema>;
export type StepPolicyOverridesInput = z.input<typeof StepPolicyOverridesSchema>;

// The schemas' outputs are the pure types the orchestration logic works with.
type Assignable<T extends U, U> = T;
export type SchemaOutputsMatch = [
  Assignable<z.output<typeof AgentTimeoutsSchema>, AgentTimeouts>,
  Assignable<z.output<typeof AgentRetrySchema>, AgentRetry>,
  Assignable<z.output<typeof FallbackPolicySchema>, FallbackPolicy>,
  Assignable<z.output<typeof StepPolicyOverridesSchema>, StepPolicyOverrides>,
  Assignable<z.output<typeof AgentDispatchSchema> & { taskQueue: string }, AgentPolicy>,
];

/** The policy used for an agent the orchestrator worker has no definition for. */
export function defaultAgentPolicy(agentName: string): AgentPolicy {
  return { taskQueue: agentTaskQueue(agentName), ...AgentDispatchSchema.parse({}) };
}
