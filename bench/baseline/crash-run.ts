/**
 * Kill each mid-run and count what it lost. The same orchestrations are given to the in-memory baseline and to
 * Steadfast; once half of all agent calls have ended, every process is killed with SIGKILL (for Steadfast: server,
 * orchestrator worker and agent pool at once, as a power cut would). Steadfast is then restarted on the same database
 * and the orchestrations are awaited; the baseline has nothing to restart from.
 */
import path from 'node:path';
import { countLedgerEnds, readLedger } from '../agents/agent-ledger';
import type { BenchContext } from '../support/bench-context';
import { startDeployment, type DeploymentOptions } from '../support/deployment';
import { stepSpans, stepsCalledMoreThanOnce } from '../support/ledger-analysis';
import { round1, say } from '../support/progress';
import { chainRequest } from '../support/workload-requests';
import { freePort } from '../../test/support/free-port';
import { startBaselineChild } from './baseline-child';

export interface CrashLoad {
  readonly orchestrations: number;
  readonly steps: number;
  readonly agentLatencyMs: number;
}

export interface CrashLoss {
  readonly completedBeforeKill: number;
  readonly inFlightAtKill: number;
  /** Steps whose agent had answered, in orchestrations that were in flight at the kill. */
  readonly finishedStepsOfInFlight: number;
  /** Of those, steps whose result was lost: forgotten, or its agent called again after the restart. */
  readonly finishedStepsLost: number;
  /** Of the orchestrations in flight at the kill: how many finished after a restart, and how many were lost. */
  readonly completedAfterRestart: number;
  readonly lost: number;
  /** Agent calls made again because their first call was cut off by the kill. */
  readonly stepsCalledAgain: number;
  /** From the restart to the last orchestration's result; null when there is nothing to restart. */
  readonly recoverySeconds: number | null;
}

export interface CrashFigures {
  readonly load: CrashLoad;
  readonly inMemory: CrashLoss;
  readonly steadfast: CrashLoss;
}

export async function crashBoth(ctx: BenchContext, load: CrashLoad): Promise<CrashFigures> {
  const killAfterEnds = Math.floor((load.orchestrations * load.steps) / 2);
  say(
    `  ${load.orchestrations} chains of ${load.steps} steps at once, killed after ${killAfterEnds} agent calls ended`,
  );
  const inMemory = await crashBaseline(ctx, load, killAfterEnds);
  say(
    `    in-memory: ${inMemory.inFlightAtKill} in flight at the kill, ${inMemory.lost} lost with ${inMemory.finishedStepsOfInFlight} finished steps`,
  );
  const steadfast = await crashSteadfast(ctx, load, killAfterEnds);
  say(
    `    Steadfast: ${steadfast.inFlightAtKill} in flight at the kill, ${steadfast.completedAfterRestart} completed after the restart, ` +
      `${steadfast.lost} lost, ${steadfast.stepsCalledAgain} steps called again`,
  );
  return { load, inMemory, steadfast };
}

async function crashBaseline(ctx: BenchContext, load: CrashLoad, killAfterEnds: number): Promise<CrashLoss> {
  const ledger = path.join(ctx.scratch, 'baseline-crash-ledger.jsonl');
  const child = startBaselineChild(
    {
      orchestrations: load.orchestrations,
      concurrency: load.orchestrations,
      steps: load.steps,
      idPrefix: 'baseline-crash',
    },
    { BENCH_AGENT_LATENCY_MS: load.agentLatencyMs, BENCH_LEDGER: ledger },
  );
  try {
    await waitForLedgerEnds(ledger, killAfterEnds, () => child.completed.length >= load.orchestrations);
  } finally {
    await child.kill();
  }
  const completed = new Set(child.completed);
  const entries = readLedger(ledger);
  const inFlight = new Set(entries.map((entry) => entry.orchestrationId).filter((id) => !completed.has(id)));
  const finishedStepsOfInFlight = stepSpans(entries).filter(
    (span) => inFlight.has(span.orchestrationId) && span.end !== undefined,
  ).length;
  return {
    completedBeforeKill: completed.size,
    inFlightAtKill: inFlight.size,
    finishedStepsOfInFlight,
    // Nothing of an in-flight orchestration survives its process.
    finishedStepsLost: finishedStepsOfInFlight,
    completedAfterRestart: 0,
    lost: inFlight.size,
    stepsCalledAgain: stepsCalledMoreThanOnce(entries),
    recoverySeconds: null,
  };
}

async function crashSteadfast(ctx: BenchContext, load: CrashLoad, killAfterEnds: number): Promise<CrashLoss> {
  const ledger = path.join(ctx.scratch, 'steadfast-crash-ledger.jsonl');
  const options: DeploymentOptions = {
    scratch: ctx.scratch,
    orchestrators: 1,
    pools: 1,
    poolConcurrency: load.orchestrations,
    agents: { BENCH_AGENT_LATENCY_MS: load.agentLatencyMs, BENCH_LEDGER: ledger },
    workflowBundle: ctx.workflowBundle,
    // The restarted server must be where the clients and workers look for it.
    port: await freePort(),
  };
  const first = await startDeployment(options);
  let ids: string[];
  let killedAt: number;
  try {
    const request = chainRequest({ steps: load.steps });
    ids = await Promise.all(
      Array.from({ length: load.orchestrations }, async () => (await first.client.start(request)).id),
    );
    await waitForLedgerEnds(ledger, killAfterEnds, () => false);
  } finally {
    killedAt = Date.now();
    await first.killAll();
  }
  const entriesAtKill = readLedger(ledger);

  say('    restarting server, orchestrator worker and agent pool on the same database');
  const restartBegan = performance.now();
  const second = await startDeployment(options);
  try {
    // What the database says closed before the kill is what the kill could not touch.
    const closeTimes = await Promise.all(
      ids.map(async (id) => (await second.client.temporal.workflow.getHandle(id).describe()).closeTime),
    );
    const inFlight = ids.filter((_, i) => closeTimes[i] === undefined || closeTimes[i]!.getTime() > killedAt);
    const outcomes = await Promise.allSettled(inFlight.map((id) => second.client.result(id)));
    const recoverySeconds = round1((performance.now() - restartBegan) / 1000);
    const finishedAtKill = stepSpans(entriesAtKill).filter(
      (span) => inFlight.includes(span.orchestrationId) && span.end !== undefined,
    );
    const calledAgain = new Set(
      stepSpans(readLedger(ledger).filter((entry) => entry.event === 'start' && entry.at > killedAt)).map(
        (span) => `${span.orchestrationId}/${span.stepId}`,
      ),
    );
    const completedAfterRestart = outcomes.filter(
      (outcome) => outcome.status === 'fulfilled' && outcome.value.status === 'completed',
    ).length;
    return {
      completedBeforeKill: ids.length - inFlight.length,
      inFlightAtKill: inFlight.length,
      finishedStepsOfInFlight: finishedAtKill.length,
      finishedStepsLost: finishedAtKill.filter((span) => calledAgain.has(`${span.orchestrationId}/${span.stepId}`))
        .length,
      completedAfterRestart,
      lost: inFlight.length - completedAfterRestart,
      stepsCalledAgain: stepsCalledMoreThanOnce(readLedger(ledger)),
      recoverySeconds,
    };
  } finally {
    await second.stop();
  }
}

/** Polls the ledger file (written by other processes) until enough agent calls ended, or the run finished first. */
async function waitForLedgerEnds(ledger: string, ends: number, finished: () => boolean): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  while (countLedgerEnds(ledger) < ends && !finished()) {
    if (Date.now() > deadline) throw new Error(`fewer than ${ends} agent calls ended within 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
