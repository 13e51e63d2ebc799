/**
 * The agents of the failure-mode suite, loaded by real orchestrator and agent pool processes (`--module`).
 * Every execution records itself in the ledger named by its task, applies its side effect once per idempotency key,
 * and can be told to misbehave on its first attempts: hang (no heartbeats), stay silent while heartbeating, or wait
 * for another step's effect (a deadlock). The autonomous (degraded) branch never misbehaves.
 */
import { Context } from '@temporalio/activity';
import { z } from 'zod';
import { abortableSleep, whenAborted } from '../../../src/activities/abortable';
import { stopAutomaticHeartbeats, type AgentContext } from '../../../src/activities/agent-context';
import { defineAgent } from '../../../src/activities/define-agent';
import { parseOrThrow } from '../../../src/config/parse-config';
import type { RouterTaskInput } from '../../../src/orchestration/router-view';
import type { AgentTask } from '../../../src/orchestration/types';
import { appendLedger, appliedEffect, applyEffectOnce, type LedgerIdentity } from './ledger';

export const CHAOS_WORKER = 'chaos-worker';
/** Same behaviour as chaos-worker, for a pool of its own (the partition scenario serves it from one pool only). */
export const CHAOS_SOLO = 'chaos-solo';
export const CHAOS_ROUTER = 'chaos-router';

export const ChaosFaultSchema = z.strictObject({
  /**
   * hang: stops heartbeating and never answers. unresponsive: keeps heartbeating and never answers.
   * await-effect: waits (heartbeating) until the step named by `awaitKey` has applied its effect.
   */
  kind: z.enum(['hang', 'unresponsive', 'await-effect']),
  /** Attempts up to this number misbehave; later attempts work normally. */
  attempts: z.number().int().min(1).max(100).default(1),
  /** For await-effect: the idempotency key of the awaited step. */
  awaitKey: z.string().min(1).optional(),
});

export const ChaosStepInputSchema = z.strictObject({
  /** The ledger file of the scenario. */
  ledger: z.string().min(1),
  /** How long the step works before it applies its effect. */
  workMs: z.number().int().min(0).max(600_000),
  fault: ChaosFaultSchema.optional(),
});

export type ChaosStepInput = z.input<typeof ChaosStepInputSchema>;

/** The chaos router always sends the same input to the same agent: a routing loop. */
export const ChaosRouterInputSchema = z.strictObject({ step: ChaosStepInputSchema });
export type ChaosRouterInput = z.input<typeof ChaosRouterInputSchema>;

const AWAIT_POLL_MS = 50;

function identityOf(ctx: AgentContext): LedgerIdentity {
  return {
    key: ctx.idempotencyKey,
    orchestrationId: ctx.orchestrationId,
    stepId: ctx.stepId,
    agent: ctx.agent,
    mode: ctx.mode,
    attempt: ctx.attempt,
    pid: process.pid,
    deadline: ctx.deadline.getTime(),
  };
}

async function misbehave(fault: z.output<typeof ChaosFaultSchema>, ledger: string, ctx: AgentContext): Promise<void> {
  switch (fault.kind) {
    case 'hang':
      stopAutomaticHeartbeats(ctx);
      return whenAborted(ctx.signal);
    case 'unresponsive':
      // The wrapper keeps heartbeating on its own: alive, but never answering.
      return whenAborted(ctx.signal);
    case 'await-effect':
      while (appliedEffect(ledger, fault.awaitKey ?? '') === undefined) await abortableSleep(AWAIT_POLL_MS, ctx.signal);
      return;
  }
}

async function performStep(task: AgentTask<unknown>, ctx: AgentContext): Promise<string> {
  const input = parseOrThrow(ChaosStepInputSchema, task.input, `${ctx.agent} task input`);
  const identity = identityOf(ctx);
  const fault =
    ctx.mode !== 'autonomous' && input.fault && ctx.attempt <= input.fault.attempts ? input.fault : undefined;
  appendLedger(input.ledger, {
    ...identity,
    event: 'started',
    at: Date.now(),
    queuedAt: Context.current().info.currentAttemptScheduledTimestampMs,
    ...(fault ? { fault: fault.kind } : {}),
  });
  try {
    // A step that already acted (the process died before it could answer) is not worked on again.
    const earlier = appliedEffect(input.ledger, identity.key);
    if (earlier === undefined) {
      if (fault) await misbehave(fault, input.ledger, ctx);
      await abortableSleep(input.workMs, ctx.signal);
    }
    // An instruction cancelled, timed out or expired while the work ran must not act.
    if (ctx.signal.aborted) throw ctx.signal.reason;
    return applyEffectOnce(
      input.ledger,
      identity,
      `${ctx.stepId} done by ${ctx.mode} ${ctx.agent} (pid ${process.pid})`,
    );
  } catch (error) {
    if (ctx.signal.aborted) appendLedger(input.ledger, { ...identity, event: 'abandoned', at: Date.now() });
    throw error;
  }
}

const policy = {
  timeouts: { scheduleToStart: '60s', startToClose: '30s', heartbeat: '2s' },
  retry: { maxAttempts: 3, initialInterval: '200ms', maxInterval: '1s' },
  fallback: { autonomous: true, onExhausted: 'fail' },
  concurrency: 8,
} as const;

export const chaosWorker = defineAgent({
  name: CHAOS_WORKER,
  handler: performStep,
  autonomous: performStep,
  ...policy,
});
export const chaosSolo = defineAgent({ name: CHAOS_SOLO, handler: performStep, autonomous: performStep, ...policy });

export const chaosRouter = defineAgent({
  name: CHAOS_ROUTER,
  handler: (task: AgentTask<RouterTaskInput>) => {
    const input = parseOrThrow(ChaosRouterInputSchema, task.input.routerInput, `${CHAOS_ROUTER} router input`);
    return { next: CHAOS_WORKER, input: input.step };
  },
  timeouts: { scheduleToStart: '60s', startToClose: '10s', heartbeat: '2s' },
  retry: { maxAttempts: 3, initialInterval: '200ms' },
  concurrency: 8,
});
