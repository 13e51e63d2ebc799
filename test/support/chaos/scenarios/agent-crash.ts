/**
 * Scenario 2a: an agent pool process is killed with SIGKILL while its agents are mid-step. The server notices the
 * silence at the heartbeat timeout and retries each interrupted step; the surviving pool process runs it.
 */
import { ChaosCluster } from '../chaos-cluster';
import { readLedger } from '../ledger';
import { runAll } from '../load';
import { inFlightAt, reactionsTo, summarizeReactions } from '../reactions';
import { batch, sequentialPlan } from '../requests';
import { ledgerReaches, progressTicker, type ScenarioLog } from '../scenario-kit';
import type { ScenarioReport } from '../scenario-report';
import { analyzeLedger, countOutcomes } from '../tally';
import { waitUntil } from '../../wait-until';

export interface AgentCrashOptions {
  readonly orchestrations: number;
  readonly stepsPerOrchestration: number;
  readonly workMs: number;
  readonly concurrency: number;
  readonly killAfterShare: number;
  readonly settleWithinMs: number;
}

const HEARTBEAT_TIMEOUT = '1s';

export async function runAgentCrash(options: AgentCrashOptions, log: ScenarioLog): Promise<ScenarioReport> {
  const began = Date.now();
  const cluster = await ChaosCluster.start('agent-crash');
  try {
    const victim = await cluster.startPool({ identity: 'pool-1', concurrency: options.concurrency });
    await cluster.startPool({ identity: 'pool-2', concurrency: options.concurrency });
    await cluster.startOrchestrator({ identity: 'orchestrator' });
    log(
      `  ${options.orchestrations} orchestrations of ${options.stepsPerOrchestration} steps of ${options.workMs} ms on two pool processes`,
    );

    const planned = batch('agent-crash', options.orchestrations, () =>
      sequentialPlan(cluster, {
        steps: options.stepsPerOrchestration,
        workMs: options.workMs,
        overrides: { timeouts: { heartbeat: HEARTBEAT_TIMEOUT } },
      }),
    );
    const outcomes = runAll(cluster.client, planned, options.settleWithinMs);
    const totalSteps = options.orchestrations * options.stepsPerOrchestration;
    const killAt = Math.max(1, Math.floor(totalSteps * options.killAfterShare));
    await ledgerReaches(
      cluster.ledger,
      killAt,
      (e) => e.event === 'effect',
      `${killAt} side effects before the kill`,
      options.settleWithinMs,
    );
    // Kill only while the victim is mid-step, so the kill interrupts work for real.
    await waitUntil(() => inFlightAt(readLedger(cluster.ledger), victim.pid, Date.now()).length >= 2, {
      what: 'steps in flight on the victim',
      timeoutMs: options.settleWithinMs,
      intervalMs: 20,
    });

    const killedAt = Date.now();
    await victim.kill('SIGKILL');
    const interrupted = inFlightAt(readLedger(cluster.ledger), victim.pid, killedAt);
    log(`  kill -9 pool-1 (pid ${victim.pid}) with ${interrupted.length} steps in flight`);
    const stopProgress = progressTicker(
      log,
      () => `  ${readLedger(cluster.ledger).filter((e) => e.event === 'effect').length}/${totalSteps} steps acted`,
    );
    const settled = await outcomes.finally(stopProgress);

    const entries = readLedger(cluster.ledger);
    const reactions = summarizeReactions(
      reactionsTo(
        entries,
        interrupted.map((entry) => ({ entry, at: killedAt })),
      ),
    );
    return {
      scenario: 'agent-crash',
      title: '2a. Agent pool process kill -9 mid-step',
      failure: 'One of two agent pool processes is killed with SIGKILL while it runs steps.',
      ...countOutcomes(settled, entries),
      detectionMs: reactions.worstDetectionMs,
      recoveryMs: reactions.worstRecoveryMs,
      detection: 'kill → the last interrupted step is dispatched again (worst case over the interrupted steps)',
      recovery: 'kill → the last interrupted step has been run again to the end',
      ledger: analyzeLedger(entries),
      figures: {
        'heartbeat timeout': HEARTBEAT_TIMEOUT,
        'steps interrupted by the kill': reactions.hit,
        ...Object.fromEntries(
          Object.entries(reactions.redispatchedTo).map(([place, n]) => [`retried on the ${place}`, n]),
        ),
        'median kill → re-dispatch': `${reactions.medianDetectionMs ?? '—'} ms`,
      },
      wallMs: Date.now() - began,
    };
  } finally {
    await cluster.close();
  }
}
