/**
 * The simulated agents of `steadfast demo`, loaded by real worker processes (`--module`): a flaky researcher that
 * fails some attempts, a writer that hangs, the writer's backup, and a reviewer whose pool the demo never starts
 * (its autonomous, rule-based review runs on the orchestrator instead). Each request tells the researcher and the
 * writer which attempts go wrong, so every run shows every path; each effect is written to the demo ledger.
 */
import { defineAgent } from '../../activities/define-agent';
import type { AgentContext, AgentHandler } from '../../activities/agent-context';
import { simulatedAgent } from '../../activities/simulated-agent';
import type { AgentTask } from '../../orchestration/types';
import { recordEffect } from './demo-ledger';

export interface ResearchInput {
  readonly topic: string;
  /** Attempts that fail before one succeeds (the researcher is retried up to 3 attempts). */
  readonly failAttempts: number;
}

export interface DraftInput {
  /** The writer's first attempt stops heartbeating and never answers. */
  readonly hang: boolean;
}

export interface Research {
  readonly topic: string;
  readonly findings: readonly string[];
}

const latency = { min: 60, max: 200 };
const failing = simulatedAgent({ latency, faults: { fail: 1 } });
const hanging = simulatedAgent({ latency, faults: { hang: 1 } });

/** Performs the step's effect once it has succeeded, and records it. */
function effect<I, O>(perform: (task: AgentTask<I>, ctx: AgentContext) => O): AgentHandler<I, O> {
  return (task, ctx) => {
    recordEffect({ key: ctx.idempotencyKey, agent: ctx.agent, mode: ctx.mode, attempt: ctx.attempt });
    return perform(task, ctx);
  };
}

const research = simulatedAgent<ResearchInput, Research>({
  latency,
  respond: effect((task) => ({
    topic: task.input.topic,
    findings: [`what ${task.input.topic} is`, `why ${task.input.topic} matters`, `where ${task.input.topic} breaks`],
  })),
});

const draft = simulatedAgent<DraftInput, string>({
  latency,
  respond: effect((task, ctx) => {
    const notes = task.results.research as Research | undefined;
    return `${notes?.topic ?? task.goal}: ${notes?.findings.join('; ') ?? 'no notes'} (drafted by ${ctx.agent})`;
  }),
});

const review = simulatedAgent({ latency, respond: effect(() => ({ verdict: 'approved', by: 'reviewer' })) });

/**
 * Heartbeat timeouts leave a wide margin over the agents' latency: an agent declared hung after it performed its
 * effect would see its step redone elsewhere, and the ledger would rightly count a duplicate.
 */
const timeouts = { scheduleToStart: '20s', startToClose: '20s', heartbeat: '3s' };

export const researcher = defineAgent<ResearchInput, unknown>({
  name: 'researcher',
  handler: (task, ctx) => (ctx.attempt <= task.input.failAttempts ? failing : research)(task, ctx),
  timeouts,
  retry: { maxAttempts: 3, initialInterval: '200ms' },
  fallback: { autonomous: false },
});

export const writer = defineAgent<DraftInput, unknown>({
  name: 'writer',
  handler: (task, ctx) => (task.input.hang && ctx.attempt === 1 ? hanging : draft)(task, ctx),
  // A silent writer is declared hung after 2s and the step moves to its backup.
  timeouts: { ...timeouts, heartbeat: '2s' },
  retry: { maxAttempts: 1 },
  fallback: { alternates: ['writer-backup'], autonomous: false },
});

export const writerBackup = defineAgent<DraftInput, unknown>({
  name: 'writer-backup',
  handler: draft,
  timeouts,
  fallback: { autonomous: false },
});

export const reviewer = defineAgent({
  name: 'reviewer',
  handler: review,
  autonomous: effect(() => ({ verdict: 'approved', by: 'rule-based review on the orchestrator' })),
  // Nobody polls the reviewer's queue: after 1s the step falls back to the autonomous review.
  timeouts: { ...timeouts, scheduleToStart: '1s' },
});

/** The agents the demo's pool processes serve; the reviewer's pool stays offline. */
export const ONLINE_AGENTS = [researcher.name, writer.name, writerBackup.name] as const;
