/**
 * Failover of an agent pool: steps run on two pool processes; one is killed with SIGKILL mid-step, and the agents'
 * ledger shows when each step it was running started again on the other. The floor is the step's heartbeat timeout
 * (counted from the dead pool's last heartbeat) plus the retry policy's first interval.
 */
import path from 'node:path';
import { DEFAULT_AGENT_RETRY_INITIAL_INTERVAL_MS } from '../../src/config/agent-policy-schemas';
import { preciseNow, readLedger, type LedgerEntry } from '../agents/agent-ledger';
import { summarizeLatencies, type LatencySummary } from '../../test/support/latency-stats';
import type { BenchContext } from '../support/bench-context';
import { startDeployment } from '../support/deployment';
import type { WorkerChildProcess } from '../../src/workers/worker-child-process';
import { say } from '../support/progress';
import { waitUntilEveryOrchestration } from './ledger-waits';
import { longStepRequest } from '../support/workload-requests';

export interface AgentPoolKillFigures {
  readonly heartbeatTimeoutMs: number;
  /** The first retry waits this long after the timeout (the agents' default is 500 ms). */
  readonly retryInitialIntervalMs: number;
  readonly orchestrations: number;
  /** Steps the killed pool was running at the kill: the ones measured. */
  readonly stepsOnKilledPool: number;
  readonly completedAfterKill: number;
  /** Kill → the step's agent started again on the surviving pool. */
  readonly killToRedispatchMs: LatencySummary;
  /** Of them within heartbeat timeout + 1 s (the goal of issue 19). */
  readonly withinHeartbeatPlusOneSecond: number;
}

const AGENT_LATENCY_MS = 4_000;

export async function killAgentPool(
  ctx: BenchContext,
  heartbeatTimeoutMs: number,
  retryInitialIntervalMs: number,
  orchestrations: number,
): Promise<AgentPoolKillFigures> {
  const ledger = path.join(ctx.scratch, `agent-pool-kill-${heartbeatTimeoutMs}-${retryInitialIntervalMs}.jsonl`);
  const request = longStepRequest({
    heartbeatMs: heartbeatTimeoutMs,
    ...(retryInitialIntervalMs !== DEFAULT_AGENT_RETRY_INITIAL_INTERVAL_MS ? { retryInitialIntervalMs } : {}),
  });
  const deployment = await startDeployment({
    scratch: ctx.scratch,
    orchestrators: 1,
    pools: 2,
    poolConcurrency: orchestrations,
    agents: { BENCH_AGENT_LATENCY_MS: AGENT_LATENCY_MS, BENCH_LEDGER: ledger },
    workflowBundle: ctx.workflowBundle,
  });
  try {
    const handles = [];
    for (let i = 0; i < orchestrations; i++) handles.push(await deployment.client.start(request));
    const ids = new Set(handles.map((handle) => handle.id));
    await waitUntilEveryOrchestration(ledger, ids, (e) => e.event === 'start', 'their step');
    // Mid-step: every call is running, a heartbeat or more into its 4 s.
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The pool running the most steps: with few orchestrations, one pool may have taken them all.
    const victim = busiestPool(deployment.pools, readLedger(ledger));
    const killedAt = preciseNow();
    await victim.kill('SIGKILL');
    say(`    agent pool pid ${victim.pid} killed mid-step`);
    const outcomes = await Promise.allSettled(handles.map((handle) => handle.result()));

    const entries = readLedger(ledger).filter((entry) => ids.has(entry.orchestrationId));
    const delays = redispatchDelays(entries, victim.pid, killedAt);
    if (delays.length === 0) throw new Error('the killed pool was running no step at the kill');
    return {
      heartbeatTimeoutMs,
      retryInitialIntervalMs,
      orchestrations,
      stepsOnKilledPool: delays.length,
      completedAfterKill: outcomes.filter((outcome) => outcome.status === 'fulfilled').length,
      killToRedispatchMs: summarizeLatencies(delays),
      withinHeartbeatPlusOneSecond: delays.filter((delay) => delay <= heartbeatTimeoutMs + 1_000).length,
    };
  } finally {
    await deployment.stop();
  }
}

function busiestPool(pools: readonly WorkerChildProcess[], entries: readonly LedgerEntry[]): WorkerChildProcess {
  const running = (pool: WorkerChildProcess) =>
    entries.filter((entry) => entry.pid === pool.pid && entry.event === 'start').length -
    entries.filter((entry) => entry.pid === pool.pid && entry.event === 'end').length;
  return [...pools].sort((a, b) => running(b) - running(a))[0]!;
}

/** For each step the dead pool was running at the kill: kill → its next call started in another process. */
function redispatchDelays(entries: readonly LedgerEntry[], deadPid: number, killedAt: number): number[] {
  const delays: number[] = [];
  const keys = new Set(entries.map((entry) => entry.key));
  for (const key of keys) {
    const calls = entries.filter((entry) => entry.key === key);
    const onDead = calls.some((entry) => entry.pid === deadPid && entry.event === 'start' && entry.at < killedAt);
    const endedBefore = calls.some((entry) => entry.pid === deadPid && entry.event === 'end' && entry.at < killedAt);
    if (!onDead || endedBefore) continue;
    const again = calls.find((entry) => entry.event === 'start' && entry.pid !== deadPid && entry.at > killedAt);
    if (again) delays.push(again.at - killedAt);
  }
  return delays;
}
