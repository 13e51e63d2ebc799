/** What the agents' ledger says about orchestrations: each step's agent time, the gaps between steps, calls repeated. */
import type { LedgerEntry } from '../agents/agent-ledger';

export interface StepSpan {
  readonly orchestrationId: string;
  readonly stepId: string;
  /** First start of the step's agent calls. */
  readonly start: number;
  /** Last end; undefined while (or if) no call ended. */
  readonly end?: number;
}

export function stepSpans(entries: readonly LedgerEntry[]): StepSpan[] {
  const spans = new Map<string, { orchestrationId: string; stepId: string; start: number; end?: number }>();
  for (const entry of entries) {
    let span = spans.get(entry.key);
    if (!span)
      spans.set(entry.key, (span = { orchestrationId: entry.orchestrationId, stepId: entry.stepId, start: entry.at }));
    if (entry.event === 'start') span.start = Math.min(span.start, entry.at);
    else span.end = Math.max(span.end ?? entry.at, entry.at);
  }
  return [...spans.values()];
}

/** For chain orchestrations (s1 -> s2 -> ...): the time from one step's agent answering to the next step's agent starting. */
export function chainGapsMs(entries: readonly LedgerEntry[]): number[] {
  const byOrchestration = new Map<string, Map<string, StepSpan>>();
  for (const span of stepSpans(entries)) {
    let steps = byOrchestration.get(span.orchestrationId);
    if (!steps) byOrchestration.set(span.orchestrationId, (steps = new Map()));
    steps.set(span.stepId, span);
  }
  const gaps: number[] = [];
  for (const steps of byOrchestration.values()) {
    for (let n = 1; steps.has(`s${n + 1}`); n++) {
      const previous = steps.get(`s${n}`);
      const next = steps.get(`s${n + 1}`)!;
      if (previous?.end !== undefined) gaps.push(next.start - previous.end);
    }
  }
  return gaps;
}

/** Time each agent call took inside the agent. */
export function agentCallMs(entries: readonly LedgerEntry[]): number[] {
  const started = new Map<string, number>();
  const durations: number[] = [];
  for (const entry of entries) {
    const call = `${entry.key}#${entry.agent}#${entry.attempt}#${entry.pid}`;
    if (entry.event === 'start') started.set(call, entry.at);
    else if (started.has(call)) durations.push(entry.at - started.get(call)!);
  }
  return durations;
}

/** Steps whose agent was called more than once (a call in flight when its process died ran again). */
export function stepsCalledMoreThanOnce(entries: readonly LedgerEntry[]): number {
  const starts = new Map<string, number>();
  for (const entry of entries) if (entry.event === 'start') starts.set(entry.key, (starts.get(entry.key) ?? 0) + 1);
  return [...starts.values()].filter((count) => count > 1).length;
}
