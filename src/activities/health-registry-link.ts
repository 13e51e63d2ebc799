/**
 * An orchestrator worker's line to the shared agent-health registry. Asking the registry (a query) and telling it
 * (a signal) on every dispatch would cost more than the dispatch itself, so this process:
 * - reuses a circuit snapshot for up to `snapshotMaxAgeMs` (one query serves every orchestration that asks meanwhile),
 *   and forgets it as soon as it reports a failure of that registry's agents;
 * - sends failures at once, in one signal together with any successes still waiting, and successes in batches every
 *   `successFlushIntervalMs`. Health is advisory: successes not yet sent when the process dies are lost, which can
 *   only keep a circuit open a little longer.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  emptyHealthRegistry,
  healthSnapshot,
  type AgentOutcomeReport,
  type HealthSnapshot,
} from '../orchestration/agent-health';
import type { CircuitBreakerConfig } from '../orchestration/circuit-breaker';
import { QueryNames, SignalNames, WorkflowNames } from '../orchestration/names';
import type { HealthRegistryInput } from '../orchestration/orchestrator-activities-api';

export interface HealthRegistryLinkOptions {
  /** Argument the registry starts with when a report creates it. */
  readonly registryInput: HealthRegistryInput;
  readonly snapshotMaxAgeMs: number;
  /**
   * Longest a read waits for the registry's answer before going on with the last snapshot this process had for those
   * agents, or none (every agent counts as healthy); the answer still replaces it when it comes.
   */
  readonly readTimeoutMs: number;
  readonly successFlushIntervalMs: number;
  readonly now?: () => number;
  readonly warn?: (message: string, details: Record<string, unknown>) => void;
}

/** Where a registry lives: the client to reach it and the task queue it runs on when a report starts it. */
export interface RegistryAddress {
  readonly client: Client;
  readonly registryId: string;
  readonly taskQueue: string;
}

interface CachedSnapshot {
  /** When the snapshot in `value` was asked for. */
  readonly at: number;
  readonly value: Promise<HealthSnapshot | null>;
  /** The last answer, kept while a newer one is asked for. */
  settled?: HealthSnapshot | null;
  /** When the query that will replace this entry was sent, while it is under way. */
  refreshingSince?: number;
}

interface PendingReports {
  address: RegistryAddress;
  reports: AgentOutcomeReport[];
  timer?: NodeJS.Timeout | undefined;
  /** The flush under way, so reports leave in the order they were made. */
  sending: Promise<void>;
  /** Batch flushes that failed in a row. */
  failedFlushes?: number;
}

/** A refresh query unanswered this long (its registry's worker died holding it, say) no longer stops a new one. */
const ABANDON_REFRESH_AFTER_MS = 10_000;
/** Batch flushes that may fail in a row (a stopped server, a closed connection) before the batch is dropped. */
const MAX_FAILED_FLUSHES = 5;
/** Successes kept per registry while it cannot be reached; older ones are dropped first. */
const MAX_PENDING_REPORTS = 1_000;

/**
 * How long one orchestration may reuse a snapshot: between half and all of the maximum age, drawn per exchange. The
 * orchestrations of a worker then ask at different moments instead of all at once on the same snapshot's expiry.
 */
export function jitteredSnapshotAge(maxAgeMs: number, random: () => number = Math.random): number {
  return Math.round(maxAgeMs * (0.5 + 0.5 * random()));
}

export class HealthRegistryLink {
  private readonly snapshots = new Map<string, Map<string, CachedSnapshot>>();
  private readonly pending = new Map<string, PendingReports>();
  private readonly now: () => number;

  constructor(private readonly options: HealthRegistryLinkOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The breakers of `agents`; null when the registry is not running yet. Served from memory: once this process has had
   * an answer for these agents, a read returns the last one at once, however old, and asks for a fresh one in the
   * background when it is older than the maximum age. Reads run inside workflow tasks, and the registry can be gone
   * (its workflow held by a worker that just died): only a process that never had an answer waits, and at most
   * `readTimeoutMs`.
   */
  read(address: RegistryAddress, agents: readonly string[]): Promise<HealthSnapshot | null> {
    const key = [...agents].sort().join('\u0000');
    const lastKnown = this.snapshots.get(address.registryId)?.get(key)?.settled ?? null;
    return this.within(this.options.readTimeoutMs, this.lookUp(address, key, agents), lastKnown);
  }

  /**
   * The registry runs on the orchestrator task queue: after a restart its answer can wait for a workflow task stuck on
   * the old worker's sticky queue. Health is advisory, so dispatching never waits that long.
   */
  private within(
    timeoutMs: number,
    answer: Promise<HealthSnapshot | null>,
    fallback: HealthSnapshot | null,
  ): Promise<HealthSnapshot | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<HealthSnapshot | null>((resolve) => {
      timer = setTimeout(() => resolve(fallback), timeoutMs);
      timer.unref();
    });
    return Promise.race([answer, late]).finally(() => clearTimeout(timer));
  }

  private lookUp(address: RegistryAddress, key: string, agents: readonly string[]): Promise<HealthSnapshot | null> {
    const cache = this.snapshots.get(address.registryId) ?? new Map<string, CachedSnapshot>();
    this.snapshots.set(address.registryId, cache);
    const cached = cache.get(key);
    const maxAge = this.options.snapshotMaxAgeMs;
    const age = cached ? this.now() - cached.at : Infinity;
    // Fresh, or the first answer is still on its way: wait with everyone else (at most the read timeout).
    if (cached && (age < maxAge || cached.settled === undefined)) return cached.value;
    if (cached?.settled !== undefined) {
      const since = cached.refreshingSince;
      if (since === undefined || this.now() - since >= ABANDON_REFRESH_AFTER_MS) {
        cached.refreshingSince = this.now();
        this.ask(cache, key, address, agents).catch(() => {
          delete cached.refreshingSince;
        });
      }
      return Promise.resolve(cached.settled);
    }
    return this.ask(cache, key, address, agents);
  }

  private ask(
    cache: Map<string, CachedSnapshot>,
    key: string,
    address: RegistryAddress,
    agents: readonly string[],
  ): Promise<HealthSnapshot | null> {
    const value = queryBreakers(address, agents, this.options.registryInput.settings);
    const entry: CachedSnapshot = { at: this.now(), value };
    value.then(
      (snapshot) => {
        entry.settled = snapshot;
        // Only a newer question replaces what the cache holds (a failure report may have emptied it meanwhile).
        if (cache.get(key) === undefined || cache.get(key)!.at <= entry.at) cache.set(key, entry);
      },
      // A failed query is not remembered: the next dispatch asks again.
      () => {
        if (cache.get(key) === entry) cache.delete(key);
      },
    );
    if (!cache.has(key)) cache.set(key, entry);
    return value;
  }

  /** Resolves once a failure has reached the registry; a success only waits to be batched. */
  async report(address: RegistryAddress, report: AgentOutcomeReport): Promise<void> {
    const queue = this.queueFor(address);
    // A retried local activity reports the same outcome again while the first copy still waits to be sent.
    if (!queue.reports.some((waiting) => sameReport(waiting, report))) queue.reports.push(report);
    if (queue.reports.length > MAX_PENDING_REPORTS) queue.reports.splice(0, queue.reports.length - MAX_PENDING_REPORTS);
    if (report.ok) {
      queue.timer ??= this.later(queue);
      return;
    }
    this.snapshots.delete(address.registryId);
    await this.flush(queue);
  }

  /** Sends every waiting report now (for shutdown and tests). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.pending.values()].map((queue) => this.flushQuietly(queue)));
  }

  /** A batch timer never keeps a process alive on its own: what is left when the worker stops is advisory only. */
  private later(queue: PendingReports): NodeJS.Timeout {
    return setTimeout(() => void this.flushQuietly(queue), this.options.successFlushIntervalMs).unref();
  }

  private queueFor(address: RegistryAddress): PendingReports {
    let queue = this.pending.get(address.registryId);
    if (!queue) {
      queue = { address, reports: [], sending: Promise.resolve() };
      this.pending.set(address.registryId, queue);
    }
    queue.address = address;
    return queue;
  }

  private flush(queue: PendingReports): Promise<void> {
    const send = queue.sending
      .catch(() => undefined)
      .then(async () => {
        clearTimeout(queue.timer);
        queue.timer = undefined;
        const reports = queue.reports.splice(0);
        if (reports.length === 0) return;
        try {
          await signalReports(queue.address, this.options.registryInput, reports);
        } catch (error) {
          // Put them back in front of anything reported since, to go with the next flush.
          queue.reports.unshift(...reports);
          throw error;
        }
      });
    queue.sending = send;
    return send;
  }

  private async flushQuietly(queue: PendingReports): Promise<void> {
    try {
      await this.flush(queue);
      queue.failedFlushes = 0;
    } catch (error) {
      queue.failedFlushes = (queue.failedFlushes ?? 0) + 1;
      const giveUp = queue.failedFlushes >= MAX_FAILED_FLUSHES;
      this.options.warn?.(
        giveUp
          ? 'agent outcomes dropped: the health registry could not be reached (they are advisory; circuits catch up with the next reports)'
          : 'agent outcomes not delivered to the health registry yet; retrying',
        { registryId: queue.address.registryId, reports: queue.reports.length, error: String(error) },
      );
      if (giveUp) {
        queue.reports.splice(0);
        queue.failedFlushes = 0;
      } else if (queue.reports.length > 0) {
        queue.timer ??= this.later(queue);
      }
    }
  }
}

function sameReport(a: AgentOutcomeReport, b: AgentOutcomeReport): boolean {
  return (
    a.agent === b.agent &&
    a.ok === b.ok &&
    a.at === b.at &&
    a.orchestrationId === b.orchestrationId &&
    a.stepId === b.stepId
  );
}

/** A registry that does not exist yet has no outcome on record: every circuit closed, as the first report will find it. */
async function queryBreakers(
  address: RegistryAddress,
  agents: readonly string[],
  settings: CircuitBreakerConfig,
): Promise<HealthSnapshot | null> {
  try {
    return await address.client.workflow
      .getHandle(address.registryId)
      .query<HealthSnapshot, [readonly string[]]>(QueryNames.agentBreakers, agents);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return healthSnapshot(emptyHealthRegistry(), agents, settings);
    throw error;
  }
}

async function signalReports(
  address: RegistryAddress,
  input: HealthRegistryInput,
  reports: AgentOutcomeReport[],
): Promise<void> {
  await address.client.workflow.signalWithStart(WorkflowNames.agentHealthRegistry, {
    workflowId: address.registryId,
    taskQueue: address.taskQueue,
    args: [input],
    signal: SignalNames.reportAgentOutcomes,
    signalArgs: [reports],
  });
}
