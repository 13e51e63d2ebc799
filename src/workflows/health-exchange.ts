/**
 * An orchestration's side of the shared agent-health registry, on code with the lean-steps patch: it reuses a circuit
 * snapshot for as long as the orchestrator worker allows, keeps successes to hand over with the next exchange (or at
 * the end of the run), and reports failures at once. One local activity per snapshot instead of two per dispatch.
 */
import { isCancellation, log } from '@temporalio/workflow';
import type { AgentOutcomeReport, HealthSnapshot } from '../orchestration/agent-health';
import type { DescribedStepHealth, OrchestratorActivities } from '../orchestration/orchestrator-activities-api';

type HealthActivities = Pick<OrchestratorActivities, 'steadfastExchangeAgentHealth' | 'steadfastReportAgentOutcomes'>;

interface HeldSnapshot {
  /** Workflow time of the exchange. */
  readonly at: number;
  readonly maxAgeMs: number;
  readonly agents: ReadonlySet<string>;
  readonly value: HealthSnapshot | undefined;
}

/** Successes held back at most; more are handed over at once. */
const MAX_WAITING_REPORTS = 100;

export class HealthExchange {
  private held: HeldSnapshot | undefined;
  private waiting: AgentOutcomeReport[] = [];

  constructor(
    private readonly registryId: string,
    private readonly activities: HealthActivities,
  ) {}

  /** Breakers of `agents`; undefined when the registry is unknown or unreadable (every agent counts as healthy). */
  async read(agents: readonly string[]): Promise<HealthSnapshot | undefined> {
    const held = this.held;
    if (held && Date.now() - held.at < held.maxAgeMs && agents.every((agent) => held.agents.has(agent)))
      return held.value;
    const handed = this.waiting.splice(0);
    try {
      const exchanged = await this.activities.steadfastExchangeAgentHealth({
        registryId: this.registryId,
        agents,
        reports: handed,
      });
      const value = exchanged.snapshot ?? undefined;
      this.held = { at: Date.now(), maxAgeMs: exchanged.maxAgeMs, agents: new Set(agents), value };
      return value;
    } catch (error) {
      this.waiting.unshift(...handed);
      if (isCancellation(error)) throw error;
      log.warn('agent-health registry unreadable; treating every agent as healthy', { error: String(error) });
      return undefined;
    }
  }

  /**
   * Hands the waiting reports to `ask`, a local activity that exchanges them along with other work (describing a
   * step), and keeps the snapshot it brings back for `read` to reuse. If it fails, the reports wait for the next one.
   */
  async exchangeAlong<T extends { readonly health?: DescribedStepHealth }>(
    ask: (reports: readonly AgentOutcomeReport[]) => Promise<T>,
  ): Promise<T> {
    const handed = this.waiting.splice(0);
    let answer: T;
    try {
      answer = await ask(handed);
    } catch (error) {
      this.waiting.unshift(...handed);
      throw error;
    }
    const { health } = answer;
    if (health && 'exchanged' in health) {
      const { snapshot, maxAgeMs } = health.exchanged;
      this.held = { at: Date.now(), maxAgeMs, agents: new Set(health.agents), value: snapshot ?? undefined };
    } else if (health) {
      // The step's own read asks again (the old path's retry); then every agent counts as healthy.
      this.waiting.unshift(...handed);
      log.warn('agent-health registry unreadable while describing a step', { error: health.unavailable });
    }
    return answer;
  }

  /** A failure goes to the registry at once (and the held snapshot is dropped); a success waits for the next exchange. */
  async report(report: AgentOutcomeReport): Promise<void> {
    this.waiting.push(report);
    if (report.ok && this.waiting.length < MAX_WAITING_REPORTS) return;
    if (!report.ok) this.held = undefined;
    await this.handOver();
  }

  /** Hands over every waiting report; call before the run ends. */
  async flush(): Promise<void> {
    if (this.waiting.length > 0) await this.handOver();
  }

  private async handOver(): Promise<void> {
    const handed = this.waiting.splice(0);
    try {
      await this.activities.steadfastReportAgentOutcomes({ registryId: this.registryId, reports: handed });
    } catch (error) {
      // Health is advisory: successes go with the next exchange; a failure that could not be told is only logged.
      this.waiting.unshift(...handed.filter((report) => report.ok));
      if (isCancellation(error)) throw error;
      log.warn('could not report agent outcomes to the health registry', {
        reports: handed.length,
        error: String(error),
      });
    }
  }
}
