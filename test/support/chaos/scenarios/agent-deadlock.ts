/**
 * Scenario 4b: an agent deadlocks waiting on another. Step "draft" waits for the side effect of step "review",
 * which depends on "draft": neither can finish. The waiting agent stays alive (it heartbeats), so only its
 * start-to-close timeout ends each attempt; once its retries are spent the autonomous branch settles "draft" without
 * waiting, and "review" runs.
 */
import type { OrchestrationRequestInput } from '../../../../src/config/orchestration-request';
import { idempotencyKeyFor } from '../../../../src/orchestration/names';
import { CHAOS_WORKER, type ChaosStepInput } from '../chaos-agents';
import { ChaosCluster } from '../chaos-cluster';
import { readLedger } from '../ledger';
import { runAll } from '../load';
import { reactionsTo, summarizeReactions } from '../reactions';
import { batch } from '../requests';
import type { ScenarioLog } from '../scenario-kit';
import type { ScenarioReport } from '../scenario-report';
import { analyzeLedger, countOutcomes } from '../tally';

export interface AgentDeadlockOptions {
  readonly orchestrations: number;
  readonly workMs: number;
  readonly settleWithinMs: number;
}

const START_TO_CLOSE = '2s';
const MAX_ATTEMPTS = 2;

export async function runAgentDeadlock(options: AgentDeadlockOptions, log: ScenarioLog): Promise<ScenarioReport> {
  const began = Date.now();
  const cluster = await ChaosCluster.start('agent-deadlock');
  try {
    await cluster.startPool({ identity: 'pool-1' });
    await cluster.startPool({ identity: 'pool-2' });
    await cluster.startOrchestrator({ identity: 'orchestrator' });

    const deadlocked = (id: string): OrchestrationRequestInput => {
      const draft: ChaosStepInput = {
        ledger: cluster.ledger,
        workMs: options.workMs,
        fault: { kind: 'await-effect', attempts: 100, awaitKey: idempotencyKeyFor(id, 'review') },
      };
      return {
        goal: 'draft waits for the review of the draft',
        plan: {
          steps: [
            {
              id: 'draft',
              agent: CHAOS_WORKER,
              input: draft,
              timeouts: { startToClose: START_TO_CLOSE, heartbeat: '1s' },
              retry: { maxAttempts: MAX_ATTEMPTS, initialInterval: '100ms' },
            },
            {
              id: 'review',
              agent: CHAOS_WORKER,
              input: { ledger: cluster.ledger, workMs: options.workMs },
              dependsOn: ['draft'],
            },
          ],
        },
        agentHealth: { registryId: cluster.registryId },
      };
    };
    const planned = batch('deadlock', options.orchestrations, (i) => deadlocked(`deadlock-${i + 1}`));
    log(`  ${planned.length} orchestrations whose first step waits for its dependent`);
    const settled = await runAll(cluster.client, planned, options.settleWithinMs);

    const entries = readLedger(cluster.ledger);
    const waits = entries
      .filter((e) => e.event === 'started' && e.fault === 'await-effect')
      .map((entry) => ({ entry, at: entry.at }));
    const reactions = summarizeReactions(reactionsTo(entries, waits));
    return {
      scenario: 'agent-deadlock',
      title: '4b. Agent deadlock',
      failure: 'In every orchestration, step "draft" waits for the effect of step "review", which depends on "draft".',
      ...countOutcomes(settled, entries),
      detectionMs: reactions.worstDetectionMs,
      recoveryMs: reactions.worstRecoveryMs,
      detection: 'start of a waiting execution → the step is dispatched again (worst case)',
      recovery: 'start of a waiting execution → its step has been run to the end by a later execution (worst case)',
      ledger: analyzeLedger(entries),
      figures: {
        'timeout that ends it': `start-to-close ${START_TO_CLOSE}, ${MAX_ATTEMPTS} attempts, then the autonomous branch`,
        'waiting executions': reactions.hit,
        'of them dispatched again': reactions.redispatched,
        ...Object.fromEntries(
          Object.entries(reactions.redispatchedTo).map(([place, n]) => [`dispatched again to the ${place}`, n]),
        ),
      },
      wallMs: Date.now() - began,
    };
  } finally {
    await cluster.close();
  }
}
