/**
 * Scenario 4a: a router that keeps choosing the same agent with the same input. The loop guard ends each such
 * orchestration with a typed RoutingLoopDetected failure after a bounded number of steps, while ordinary
 * orchestrations submitted alongside complete.
 */
import type { OrchestrationRequestInput } from '../../../../src/config/orchestration-request';
import { CHAOS_ROUTER, type ChaosRouterInput } from '../chaos-agents';
import { ChaosCluster } from '../chaos-cluster';
import { readLedger } from '../ledger';
import { runAll } from '../load';
import { batch, sequentialPlan } from '../requests';
import type { ScenarioLog } from '../scenario-kit';
import type { ScenarioReport } from '../scenario-report';
import { analyzeLedger, countOutcomes } from '../tally';

export interface RoutingLoopOptions {
  /** Orchestrations whose router loops, and as many ordinary ones alongside. */
  readonly orchestrations: number;
  readonly loopThreshold: number;
  readonly workMs: number;
  readonly settleWithinMs: number;
}

export async function runRoutingLoop(options: RoutingLoopOptions, log: ScenarioLog): Promise<ScenarioReport> {
  const began = Date.now();
  const cluster = await ChaosCluster.start('routing-loop');
  try {
    await cluster.startPool({ identity: 'pool-1' });
    await cluster.startOrchestrator({ identity: 'orchestrator' });
    const looping = (): OrchestrationRequestInput => ({
      goal: 'loop forever',
      router: {
        agent: CHAOS_ROUTER,
        input: { step: { ledger: cluster.ledger, workMs: options.workMs } } satisfies ChaosRouterInput,
        loopThreshold: options.loopThreshold,
      },
      agentHealth: { registryId: cluster.registryId },
    });
    const loops = batch('routing-loop', options.orchestrations, looping);
    const ordinary = batch('ordinary', options.orchestrations, () =>
      sequentialPlan(cluster, { steps: 2, workMs: options.workMs }),
    );
    log(
      `  ${loops.length} looping router orchestrations (loopThreshold ${options.loopThreshold}) beside ${ordinary.length} ordinary ones`,
    );
    const settled = await runAll(cluster.client, [...loops, ...ordinary], options.settleWithinMs);

    const entries = readLedger(cluster.ledger);
    const stopped = settled.filter(
      (o) => o.id.startsWith('routing-loop-') && o.kind === 'failed' && o.reason === 'RoutingLoopDetected',
    );
    const loopSteps = entries.filter(
      (e) => e.event === 'effect' && e.orchestrationId.startsWith('routing-loop-'),
    ).length;
    const timesToStop = stopped.map((o) => o.settledAt! - o.submittedAt);
    return {
      scenario: 'routing-loop',
      title: '4a. Routing loop',
      failure: `A router that always sends the same input to the same agent, in ${loops.length} of ${settled.length} orchestrations.`,
      ...countOutcomes(settled, entries),
      detectionMs: timesToStop.length > 0 ? Math.max(...timesToStop) : null,
      recoveryMs: null,
      detection: 'submit → the loop guard ends the looping orchestration (worst case)',
      recovery: 'not applicable: the looping orchestration ends with a typed failure; the others are untouched',
      ledger: analyzeLedger(entries),
      figures: {
        'loop threshold': options.loopThreshold,
        'ended with RoutingLoopDetected': stopped.length,
        'agent steps run by looping orchestrations': loopSteps,
        'first failure message': stopped[0]?.message ?? '—',
      },
      wallMs: Date.now() - began,
    };
  } finally {
    await cluster.close();
  }
}
