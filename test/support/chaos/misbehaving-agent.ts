/**
 * The shared run of scenarios 2b and 2c: agents that misbehave on some steps — on the first attempt only (a retry
 * fixes it) or on every attempt (only the fallback can). Each misbehaving execution must be detected by its timeout
 * and the step dispatched again, to a pool process or to the autonomous branch.
 */
import type { StepPolicyOverridesInput } from '../../../src/config/agent-policy-schemas';
import type { ChaosStepInput } from './chaos-agents';
import { ChaosCluster } from './chaos-cluster';
import { readLedger } from './ledger';
import { runAll, type OrchestrationOutcome } from './load';
import { reactionsTo, summarizeReactions } from './reactions';
import { batch, sequentialPlan } from './requests';
import { progressTicker, type ScenarioLog } from './scenario-kit';
import type { ScenarioReport } from './scenario-report';
import { analyzeLedger, countOutcomes } from './tally';

export interface MisbehaviourOptions {
  readonly orchestrations: number;
  readonly stepsPerOrchestration: number;
  readonly workMs: number;
  readonly concurrency: number;
  /** Every n-th orchestration has a first step that misbehaves on its first attempt. */
  readonly onceEvery: number;
  /** Every n-th orchestration has a first step that misbehaves on every attempt. */
  readonly alwaysEvery: number;
  readonly settleWithinMs: number;
}

export interface Misbehaviour {
  readonly scenario: string;
  readonly title: string;
  readonly failure: string;
  readonly kind: NonNullable<ChaosStepInput['fault']>['kind'];
  readonly overrides: StepPolicyOverridesInput;
  /** The timeout that must catch it, as configured, for the report. */
  readonly catchingTimeout: string;
  readonly detection: string;
}

/** Branches the agent-health registry's open circuit bypassed (consecutive failures open it, by design). */
export function circuitBypasses(outcomes: readonly OrchestrationOutcome[]): number {
  return outcomes
    .flatMap((o) => o.steps ?? [])
    .flatMap((step) => step.branches)
    .filter((branch) => branch.reason === 'circuit_open').length;
}

export async function runMisbehavingAgent(
  misbehaviour: Misbehaviour,
  options: MisbehaviourOptions,
  log: ScenarioLog,
): Promise<ScenarioReport> {
  const began = Date.now();
  const cluster = await ChaosCluster.start(misbehaviour.scenario);
  try {
    await cluster.startPool({ identity: 'pool-1', concurrency: options.concurrency });
    await cluster.startPool({ identity: 'pool-2', concurrency: options.concurrency });
    await cluster.startOrchestrator({ identity: 'orchestrator' });

    const faultOf =
      (orchestration: number) =>
      (step: number): ChaosStepInput['fault'] => {
        if (step !== 0) return undefined;
        if ((orchestration + 1) % options.alwaysEvery === 0) return { kind: misbehaviour.kind, attempts: 100 };
        if ((orchestration + 1) % options.onceEvery === 0) return { kind: misbehaviour.kind, attempts: 1 };
        return undefined;
      };
    const planned = batch(misbehaviour.scenario, options.orchestrations, (i) =>
      sequentialPlan(cluster, {
        steps: options.stepsPerOrchestration,
        workMs: options.workMs,
        faultOf: faultOf(i),
        overrides: misbehaviour.overrides,
      }),
    );
    log(
      `  ${options.orchestrations} orchestrations; every ${options.onceEvery}th misbehaves once, every ${options.alwaysEvery}th always`,
    );
    const totalSteps = options.orchestrations * options.stepsPerOrchestration;
    const stopProgress = progressTicker(
      log,
      () => `  ${readLedger(cluster.ledger).filter((e) => e.event === 'effect').length}/${totalSteps} steps acted`,
    );
    const settled = await runAll(cluster.client, planned, options.settleWithinMs).finally(stopProgress);

    const entries = readLedger(cluster.ledger);
    const alwaysIds = new Set(planned.filter((_, i) => faultOf(i)(0)?.attempts === 100).map((p) => p.id));
    const always = settled.filter((o) => alwaysIds.has(o.id));
    const hits = entries
      .filter((e) => e.event === 'started' && e.fault === misbehaviour.kind)
      .map((entry) => ({ entry, at: entry.at }));
    const reactions = summarizeReactions(reactionsTo(entries, hits));
    return {
      scenario: misbehaviour.scenario,
      title: misbehaviour.title,
      failure: misbehaviour.failure,
      ...countOutcomes(settled, entries),
      detectionMs: reactions.worstDetectionMs,
      recoveryMs: reactions.worstRecoveryMs,
      detection: misbehaviour.detection,
      recovery: 'start of a misbehaving execution → its step has been run to the end by a later execution (worst case)',
      ledger: analyzeLedger(entries),
      figures: {
        'timeout that catches it': misbehaviour.catchingTimeout,
        'misbehaving executions': reactions.hit,
        'of them dispatched again': reactions.redispatched,
        ...Object.fromEntries(
          Object.entries(reactions.redispatchedTo).map(([place, n]) => [`dispatched again to the ${place}`, n]),
        ),
        'median detection': `${reactions.medianDetectionMs ?? '—'} ms`,
        'orchestrations misbehaving on every attempt': always.length,
        'of them completed via fallback': always.filter((o) => o.kind === 'completed' && (o.fallbackCount ?? 0) > 0)
          .length,
        'steps sent straight to the fallback by an open circuit': circuitBypasses(settled),
      },
      wallMs: Date.now() - began,
    };
  } finally {
    await cluster.close();
  }
}
