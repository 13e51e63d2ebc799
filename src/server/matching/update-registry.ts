/**
 * Workflow updates in flight. As in Temporal, an update is held in memory until the workflow accepts it;
 * from then on its events in history are the durable record.
 */
import type { temporal, Relaxed } from '../proto/temporal-proto';

type UpdateRequest = Relaxed<temporal.api.update.v1.IRequest>;
export type UpdateOutcome = Relaxed<temporal.api.update.v1.IOutcome>;

export type UpdateStage = 'admitted' | 'accepted' | 'completed';

export interface PendingUpdate {
  updateId: string;
  runId: string;
  request: UpdateRequest;
  stage: UpdateStage;
  outcome?: UpdateOutcome;
  /** Set when the update cannot finish (the run closed first): the message for waiters. */
  abandoned?: string;
  waiters: Set<() => void>;
}

export class UpdateRegistry {
  private readonly byRun = new Map<string, Map<string, PendingUpdate>>();

  get(runId: string, updateId: string): PendingUpdate | undefined {
    return this.byRun.get(runId)?.get(updateId);
  }

  admit(runId: string, updateId: string, request: UpdateRequest): PendingUpdate {
    let updates = this.byRun.get(runId);
    if (!updates) this.byRun.set(runId, (updates = new Map()));
    const update: PendingUpdate = { updateId, runId, request, stage: 'admitted', waiters: new Set() };
    updates.set(updateId, update);
    return update;
  }

  /** Updates the workflow has not accepted or rejected yet: they ride the next workflow task. */
  unaccepted(runId: string): PendingUpdate[] {
    return [...(this.byRun.get(runId)?.values() ?? [])].filter((u) => u.stage === 'admitted');
  }

  accept(runId: string, updateId: string): void {
    const update = this.get(runId, updateId);
    if (update && update.stage === 'admitted') this.advance(update, 'accepted');
  }

  complete(runId: string, updateId: string, outcome: UpdateOutcome): void {
    const update = this.get(runId, updateId);
    if (!update) return;
    update.outcome = outcome;
    this.advance(update, 'completed');
  }

  /** The run closed: updates still in flight can never finish. */
  abandonRun(runId: string, message: string): void {
    const updates = this.byRun.get(runId);
    if (!updates) return;
    this.byRun.delete(runId);
    for (const update of updates.values()) {
      if (update.stage === 'completed') continue;
      update.abandoned = message;
      this.wake(update);
    }
  }

  /** Resolves when the update changes stage (or is abandoned), after timeoutMs, or on abort. */
  waitForChange(update: PendingUpdate, timeoutMs: number, abort: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (abort.aborted) return resolve();
      const wake = () => {
        clearTimeout(timer);
        abort.removeEventListener('abort', wake);
        update.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      abort.addEventListener('abort', wake);
      update.waiters.add(wake);
    });
  }

  private advance(update: PendingUpdate, stage: UpdateStage): void {
    update.stage = stage;
    this.wake(update);
  }

  private wake(update: PendingUpdate): void {
    for (const wake of [...update.waiters]) wake();
  }
}
