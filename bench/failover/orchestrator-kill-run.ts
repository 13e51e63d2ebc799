/**
 * Failover of an orchestrator worker: orchestrations run on worker A while worker B stands by; A is killed with
 * SIGKILL mid-run, and the agents' ledger shows when each orchestration's next step started (driven by B).
 * The floor is the sticky schedule-to-start timeout when the kill lands between workflow tasks (the server waits that
 * long for A to take the next one), and the workflow task timeout when it lands inside one.
 */
import path from 'node:path';
import { DEFAULT_WORKFLOW_TASK_TIMEOUT_MS } from '../../src/config/client-config';
import { preciseNow, readLedger } from '../agents/agent-ledger';
import { analyzeTakeOver } from '../../test/support/chaos/take-over-analysis';
import { orchestrationTimelines } from '../../test/support/chaos/histories';
import { summarizeLatencies, type LatencySummary } from '../../test/support/latency-stats';
import type { BenchContext } from '../support/bench-context';
import { startDeployment } from '../support/deployment';
import { stepSpans } from '../support/ledger-analysis';
import { say } from '../support/progress';
import { startChainsPastTheirThirdStep } from './ledger-waits';

export interface OrchestratorKillFigures {
  readonly stickyScheduleToStartMs: number;
  /** The orchestrations' workflow task timeout: the floor when the kill lands inside a workflow task. */
  readonly workflowTaskTimeoutMs: number;
  readonly orchestrations: number;
  /** Of them, held by the killed worker (its workflow task was the last one completed): the ones measured. */
  readonly heldByKilledWorker: number;
  readonly completedAfterKill: number;
  /** Kill -> the first step the survivor dispatched started (a step dispatched before the kill does not count). */
  readonly killToNextStepMs: LatencySummary;
  /** From when the orchestration could move on (kill, or its running step's answer if later) to its next step starting. */
  readonly readyToNextStepMs: LatencySummary;
}

const STEPS = 8;
/** The identity deployments give their first orchestrator worker, and the standby's. */
const VICTIM = 'orchestrator-1';
const STANDBY = 'orchestrator-standby';
const AGENT_LATENCY_MS = 400;

export async function killOrchestratorWorker(
  ctx: BenchContext,
  stickyScheduleToStartMs: number,
  orchestrations: number,
): Promise<OrchestratorKillFigures> {
  const ledger = path.join(ctx.scratch, `orchestrator-kill-${stickyScheduleToStartMs}.jsonl`);
  const deployment = await startDeployment({
    scratch: ctx.scratch,
    orchestrators: 1,
    pools: 1,
    poolConcurrency: orchestrations * 2,
    agents: { BENCH_AGENT_LATENCY_MS: AGENT_LATENCY_MS, BENCH_LEDGER: ledger },
    workflowBundle: ctx.workflowBundle,
    stickyQueueScheduleToStartTimeout: `${stickyScheduleToStartMs}ms`,
  });
  try {
    // The standby polls from the start: started later, its process start-up (tens of seconds on a loaded machine) can
    // outlast the chains. Only the orchestrations A held at the kill are measured (from their histories).
    const survivor = await deployment.startOrchestrator(STANDBY);
    // Started a little apart, so that at the kill some are between steps and some are inside a workflow task (which
    // the server can only give up on by its start-to-close timeout): the figures show both cases.
    const ids = await startChainsPastTheirThirdStep(deployment.client, ledger, orchestrations, STEPS, AGENT_LATENCY_MS);
    const victim = deployment.orchestrators[0]!;
    const killedAt = preciseNow();
    await victim.kill('SIGKILL');
    say(`    orchestrator worker pid ${victim.pid} killed; pid ${survivor.pid} takes over`);
    const outcomes = await Promise.allSettled(ids.map((id) => deployment.client.result(id)));
    const timelines = await orchestrationTimelines(deployment.client, ids);
    const parties = { at: killedAt, dead: VICTIM, survivor: STANDBY };
    // Each orchestration the killed worker held, with when the survivor first completed a workflow task of it.
    const held = analyzeTakeOver(timelines, parties).perOrchestration;

    const spans = stepSpans(readLedger(ledger));
    const killToNext: number[] = [];
    const readyToNext: number[] = [];
    for (const { id, resumedMs } of held) {
      // The next step the survivor dispatched: a step the killed worker dispatched just before the kill can start just
      // after it, without any take-over.
      if (resumedMs === null) continue;
      const steps = spans.filter((span) => span.orchestrationId === id).sort((a, b) => a.start - b.start);
      const nextIndex = steps.findIndex((span) => span.start >= killedAt + resumedMs);
      if (nextIndex <= 0) continue;
      const next = steps[nextIndex]!;
      const previousEnd = steps[nextIndex - 1]!.end ?? killedAt;
      killToNext.push(next.start - killedAt);
      readyToNext.push(next.start - Math.max(killedAt, previousEnd));
    }
    if (killToNext.length === 0) throw new Error('no orchestration held by the killed worker started a step after it');
    return {
      stickyScheduleToStartMs,
      workflowTaskTimeoutMs: DEFAULT_WORKFLOW_TASK_TIMEOUT_MS,
      orchestrations,
      heldByKilledWorker: held.length,
      completedAfterKill: outcomes.filter((outcome) => outcome.status === 'fulfilled').length,
      killToNextStepMs: summarizeLatencies(killToNext),
      readyToNextStepMs: summarizeLatencies(readyToNext),
    };
  } finally {
    await deployment.stop();
  }
}
