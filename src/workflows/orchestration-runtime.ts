/**
 * The live side of one orchestration run: its state, change notifications, pause and stop,
 * agent policies and the shared agent-health registry (both reached through local activities).
 */
import {
  type CancellationScope,
  condition,
  isCancellation,
  log,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { OrchestrationRequest } from '../config/orchestration-request';
import { healthOutcomeFor, type HealthSnapshot } from '../orchestration/agent-health';
import type { AgentPolicy, StepPolicyOverrides } from '../orchestration/agent-policy';
import type { DescribedAgents, OrchestratorActivities } from '../orchestration/orchestrator-activities-api';
import type { OrchestrationState } from '../orchestration/orchestration-state';
import type { FallbackReason } from '../orchestration/types';
import { ChangeWakeup } from './change-wakeup';
import { HealthExchange } from './health-exchange';

export type StopReason = 'cancel' | 'deadline';

/** The circuits of some agents as one exchange read them (undefined snapshot: the registry is not running yet). */
export interface CircuitsRead {
  readonly agents: readonly string[];
  readonly snapshot: HealthSnapshot | undefined;
}

/** Which patched paths this run takes (decided once per run in orchestrate, docs/patching.md). */
export interface RuntimePatches {
  /** steadfast-lean-steps: the older path asks and tells the health registry on every dispatch. */
  readonly leanSteps: boolean;
  /**
   * steadfast-change-wakeups: drive loops wait for a change with a promise, and a step's first dispatch learns its
   * policies and circuits in one local activity (describeStep). Older histories wait with condition() and ask apart.
   */
  readonly changeWakeups: boolean;
}

const catalog = proxyLocalActivities<OrchestratorActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 5, initialInterval: '200ms' },
});

/** Health is advisory: a slow or missing registry must never hold up dispatching. */
const health = proxyLocalActivities<OrchestratorActivities>({
  startToCloseTimeout: '5s',
  retry: { maximumAttempts: 2, initialInterval: '100ms' },
});

export class OrchestrationRuntime {
  private revision = 0;
  /** Set while the run winds down to continue as new: no new work starts, approval waits are set aside. */
  draining = false;
  stopReason?: StopReason;
  /**
   * Set on code with the operator-updates patch (see orchestrate): approval signals are checked like the updates and
   * never held, and a waiting approval shows as SteadfastStatus 'awaiting_approval'.
   */
  operatorUpdates = false;

  private readonly healthExchange?: HealthExchange;
  private readonly wakeup?: ChangeWakeup;
  private readonly describesSteps: boolean;

  constructor(
    readonly request: OrchestrationRequest,
    readonly state: OrchestrationState,
    private readonly work: CancellationScope,
    private readonly onChange: () => void,
    patches: RuntimePatches,
  ) {
    if (patches.leanSteps) this.healthExchange = new HealthExchange(request.agentHealth.registryId, health);
    if (patches.changeWakeups) {
      this.wakeup = new ChangeWakeup(work, () => !this.draining && this.continueAsNewDue());
    }
    this.describesSteps = patches.changeWakeups;
  }

  /** Increases on every change of state; drive loops wait for it to move. */
  get version(): number {
    return this.revision;
  }

  changed(): void {
    this.revision++;
    this.onChange();
    this.wakeup?.notify();
  }

  /**
   * Resolves once the state moved past version `seen`, or once the run is due to continue as new and not yet draining
   * (a workflow task may bring that without any change of state). Only the work scope's drive loop waits here.
   */
  changeAfter(seen: number): Promise<void> {
    const moved = () => this.revision !== seen || (!this.draining && this.continueAsNewDue());
    // Older histories: the condition itself is awaited, so the loop resumes exactly as it did when they were written.
    return this.wakeup ? this.wakeup.until(moved) : condition(moved);
  }

  /** Before the run ends (completes, fails, is cancelled or continues as new): hands over health reports still waiting. */
  async settle(): Promise<void> {
    if (this.request.agentHealth.enabled) await this.healthExchange?.flush();
  }

  /** Cancels all running work; the reason decides how the orchestration ends. */
  stop(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.work.cancel();
  }

  continueAsNewDue(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= this.request.continueAsNewAfterEvents;
  }

  async waitWhilePaused(): Promise<void> {
    if (this.state.paused) await condition(() => !this.state.paused);
  }

  /**
   * Whether a step's first dispatch calls describeStep first: on code with the change-wakeups patch, for an agent not
   * known yet. Asked before awaiting anything, so that the older path keeps its exact sequence of awaits.
   */
  describesStepOf(agent: string): boolean {
    return this.describesSteps && this.state.policies[agent] === undefined;
  }

  /**
   * The policies of a step's agent and its fallback chain and (with agentHealth) their circuits, in one local
   * activity. The policies fill what ensurePolicies looks up; the circuits go back to the step, which decides on them
   * alone (see readHealth), so what steps in parallel read meanwhile cannot change its decision.
   */
  async describeStep(agent: string, overrides: StepPolicyOverrides | undefined): Promise<CircuitsRead | undefined> {
    const fallback = overrides?.fallback;
    const input = { agent, ...(fallback ? { fallback } : {}) };
    const { registryId, enabled } = this.request.agentHealth;
    const exchange = enabled ? this.healthExchange : undefined;
    const described = exchange
      ? await exchange.exchangeAlong((reports) =>
          catalog.steadfastDescribeStep({ ...input, health: { registryId, reports } }),
        )
      : await catalog.steadfastDescribeStep(input);
    // Policies learned meanwhile (by a step in parallel) stay as they are.
    const unknown = Object.keys(described.policies).filter((name) => this.state.policies[name] === undefined);
    this.learn(unknown, described);
    const { health } = described;
    if (!health || !('exchanged' in health)) return undefined;
    return { agents: health.agents, snapshot: health.exchanged.snapshot ?? undefined };
  }

  /** Learns the dispatch policy of agents not seen before (from the orchestrator worker's agent catalog). */
  async ensurePolicies(agents: readonly string[]): Promise<void> {
    const missing = [...new Set(agents)].filter((agent) => this.state.policies[agent] === undefined);
    if (missing.length === 0) return;
    this.learn(missing, await catalog.steadfastDescribeAgents(missing));
  }

  private learn(agents: readonly string[], described: DescribedAgents): void {
    for (const agent of agents) {
      const policy = described.policies[agent];
      if (policy) this.state.policies[agent] = policy;
    }
    for (const agent of described.withAutonomous) {
      if (!this.state.autonomousAgents.includes(agent)) this.state.autonomousAgents.push(agent);
    }
  }

  policyFor(agent: string): AgentPolicy {
    const policy = this.state.policies[agent];
    if (!policy) throw new Error(`no policy resolved for agent "${agent}" (ensurePolicies was not awaited)`);
    return policy;
  }

  hasAutonomous(agent: string): boolean {
    return this.state.autonomousAgents.includes(agent);
  }

  /** `read` is what the step's description brought: used when it covers `agents`, and nothing more is asked. */
  async readHealth(agents: readonly string[], read?: CircuitsRead): Promise<HealthSnapshot | undefined> {
    if (!this.request.agentHealth.enabled || agents.length === 0) return undefined;
    if (read && agents.every((agent) => read.agents.includes(agent))) return read.snapshot;
    if (this.healthExchange) return this.healthExchange.read(agents);
    try {
      const snapshot = await health.steadfastReadAgentHealth({
        registryId: this.request.agentHealth.registryId,
        agents,
      });
      return snapshot ?? undefined;
    } catch (error) {
      if (isCancellation(error)) throw error;
      log.warn('agent-health registry unreadable; treating every agent as healthy', { error: String(error) });
      return undefined;
    }
  }

  /** Tells the registry how a dispatch to `agent` went (success when `reason` is undefined). */
  async reportOutcome(agent: string, stepId: string, reason: FallbackReason | undefined): Promise<void> {
    const verdict = healthOutcomeFor(reason);
    if (!this.request.agentHealth.enabled || verdict === 'ignore') return;
    const report = {
      agent,
      ok: verdict === 'success',
      ...(reason !== undefined ? { reason } : {}),
      at: Date.now(),
      orchestrationId: this.state.orchestrationId,
      stepId,
    };
    if (this.healthExchange) return this.healthExchange.report(report);
    try {
      await health.steadfastReportAgentOutcome({ registryId: this.request.agentHealth.registryId, report });
    } catch (error) {
      if (isCancellation(error)) throw error;
      log.warn('could not report an agent outcome to the health registry', { agent, error: String(error) });
    }
  }
}
