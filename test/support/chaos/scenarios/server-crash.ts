/**
 * Scenario 1b: the embedded server process itself is killed with SIGKILL in the middle of a batch and restarted on
 * the same database file and port. Workers and the client reconnect on their own; every orchestration carries on.
 */
import { ChaosCluster } from '../chaos-cluster';
import { readLedger } from '../ledger';
import { runAll } from '../load';
import { batch, sequentialPlan } from '../requests';
import { ledgerReaches, progressTicker, type ScenarioLog } from '../scenario-kit';
import type { ScenarioReport } from '../scenario-report';
import { analyzeLedger, countOutcomes } from '../tally';

export interface ServerCrashOptions {
  readonly orchestrations: number;
  readonly stepsPerOrchestration: number;
  readonly workMs: number;
  readonly pools: number;
  readonly concurrency: number;
  readonly killAfterShare: number;
  readonly agentHealth: boolean;
  readonly settleWithinMs: number;
}

export async function runServerCrash(options: ServerCrashOptions, log: ScenarioLog): Promise<ScenarioReport> {
  const began = Date.now();
  const cluster = await ChaosCluster.start('server-crash');
  try {
    for (let i = 1; i <= options.pools; i++)
      await cluster.startPool({ identity: `pool-${i}`, concurrency: options.concurrency });
    await cluster.startOrchestrator({ identity: 'orchestrator-a' });
    await cluster.startOrchestrator({ identity: 'orchestrator-b' });
    log(
      `  ${options.orchestrations} orchestrations of ${options.stepsPerOrchestration} steps; server pid ${cluster.serverPid}`,
    );

    const planned = batch('server-crash', options.orchestrations, () =>
      sequentialPlan(
        { ...cluster, ledger: cluster.ledger, agentHealth: options.agentHealth },
        {
          steps: options.stepsPerOrchestration,
          workMs: options.workMs,
        },
      ),
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

    const killedAt = Date.now();
    const killedPid = cluster.serverPid;
    await cluster.killServer();
    await cluster.restartServer();
    const restartedAt = Date.now();
    log(
      `  kill -9 server (pid ${killedPid}) after ${killAt}/${totalSteps} steps acted; restarted as pid ${cluster.serverPid} in ${restartedAt - killedAt} ms`,
    );
    const stopProgress = progressTicker(
      log,
      () => `  ${readLedger(cluster.ledger).filter((e) => e.event === 'effect').length}/${totalSteps} steps acted`,
    );
    const settled = await outcomes.finally(stopProgress);
    const entries = readLedger(cluster.ledger);
    // Executions that begin before the new process listens were handed out by the old one just before it died.
    const dispatchedAfter = entries.filter((e) => e.event === 'started' && e.at >= restartedAt).map((e) => e.at);

    return {
      scenario: 'server-crash',
      title: '1b. Embedded server kill -9, restart on its database',
      failure:
        `The server process is killed with SIGKILL once ${Math.round(options.killAfterShare * 100)}% of the steps have acted, ` +
        'then started again on the same database file and port.',
      ...countOutcomes(settled, entries),
      detectionMs: null,
      recoveryMs: dispatchedAfter.length > 0 ? Math.min(...dispatchedAfter) - killedAt : null,
      detection: 'none needed: the operator (here the harness) restarts the server',
      recovery: 'kill → the restarted server dispatches the first step again (a new execution starts)',
      ledger: analyzeLedger(entries),
      figures: {
        'server restart (kill → listening)': `${restartedAt - killedAt} ms`,
        'agent-health registry': options.agentHealth ? 'on' : 'off',
      },
      wallMs: Date.now() - began,
    };
  } finally {
    await cluster.close();
  }
}
