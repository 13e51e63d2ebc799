/**
 * Where the time between one chained step's agent answering and the next one starting goes, hop by hop, from the
 * orchestration's history (server-side times) and the agents' ledger (agent-side times):
 *   pool report        agent answered -> its result recorded by the server (pool SDK, one RPC)
 *   to orchestrator    result recorded -> workflow task handed to the orchestrator worker (server)
 *   orchestrator       workflow task handed over -> next instruction scheduled (orchestrator worker round trip)
 *   to pool            next instruction scheduled -> handed to an agent pool (server)
 *   pool delivery      handed to the pool -> the agent starts (pool SDK and Steadfast's agent wrapper)
 */
import type { temporal } from '@temporalio/proto';
import type { LedgerEntry } from '../agents/agent-ledger';
import { activityTimeline } from '../support/activity-timeline';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export const HOPS = ['poolReport', 'toOrchestrator', 'orchestrator', 'toPool', 'poolDelivery'] as const;
export type Hop = (typeof HOPS)[number];
export type StepHops = Record<Hop, number[]>;

export function emptyStepHops(): StepHops {
  return { poolReport: [], toOrchestrator: [], orchestrator: [], toPool: [], poolDelivery: [] };
}

/** Adds the hops between consecutive steps of one orchestration (first agent attempts only) to `into`. */
export function collectStepHops(events: readonly HistoryEvent[], ledger: readonly LedgerEntry[], into: StepHops): void {
  const agentStart = new Map<string, number>();
  const agentEnd = new Map<string, number>();
  for (const entry of ledger) {
    if (entry.attempt !== 1) continue;
    (entry.event === 'start' ? agentStart : agentEnd).set(entry.stepId, entry.at);
  }
  const activities = activityTimeline(events);
  for (let i = 0; i + 1 < activities.length; i++) {
    const done = activities[i]!;
    const next = activities[i + 1]!;
    const answered = agentEnd.get(done.stepId);
    const began = agentStart.get(next.stepId);
    if (answered === undefined || began === undefined) continue;
    if (done.completed === undefined || done.nextTaskStarted === undefined || next.started === undefined) continue;
    into.poolReport.push(done.completed - answered);
    into.toOrchestrator.push(done.nextTaskStarted - done.completed);
    into.orchestrator.push(next.scheduled - done.nextTaskStarted);
    into.toPool.push(next.started - next.scheduled);
    into.poolDelivery.push(began - next.started);
  }
}
