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

  /**
   * Moves the update to `stage` at once, inside the transaction that records it, so a workflow task handed out before
   * that transaction commits never carries it again (Temporal's provisional states). Returns the undo, for a
   * completion that is refused or rolled back; waiters are woken by `announce` once the change has committed.
   * An update the registry lost (server restart) is recreated from the request the acceptance carries.
   */
  transition(
    runId: string,
    updateId: string,
    stage: Exclude<UpdateStage, 'admitted'>,
    details: { outcome?: UpdateOutcome | undefined; request?: UpdateRequest | undefined },
  ): () => void {
    const known = this.get(runId, updateId);
    const update = known ?? this.admit(runId, updateId, details.request ?? {});
    const before = { stage: update.stage, outcome: update.outcome };
    update.stage = stage;
    if (details.outcome) update.outcome = details.outcome;
    return () => {
      if (!known) {
        this.byRun.get(runId)?.delete(updateId);
        return;
      }
      update.stage = before.stage;
      if (before.outcome) update.outcome = before.outcome;
      else delete update.outcome;
    };
  }

  /** Wakes those waiting on the update: its stage changed and the change is durable. */
  announce(runId: string, updateId: string): void {
    const update = this.get(runId, updateId);
    if (update) this.wake(update);
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

  private wake(update: PendingUpdate): void {
    for (const wake of [...update.waiters]) wake();
  }
}
