/** What every part of the server shares: the stores, and the in-process notifications that follow a commit. */
import type { SqliteDatabase } from '../store/open-database';
import { ExecutionStore } from '../store/execution-store';
import { TaskStore, type QueuedTask } from '../store/task-store';
import { TimerStore } from '../store/timer-store';
import { NamespaceStore } from '../store/namespace-store';
import { SearchAttributeStore } from '../store/search-attribute-store';
import type { ExecutionState } from './execution-state';
import { MutableExecution } from './mutable-execution';
import { onRunClosed } from './child-workflows';
import { UpdateRegistry } from '../matching/update-registry';
import { ActivityDispatchCache } from '../matching/activity-dispatch-cache';

/** Where a committed change left a run. */
export interface HistoryChange {
  nextEventId: number;
  closed: boolean;
}

export interface CommitListeners {
  /**
   * A task is being queued: true when a waiting poller took it. Called inside the transaction, just before it commits,
   * so the poller's claim commits with the change that made the task, and the task is never stored (Temporal's sync
   * match); the poller is answered once the transaction has committed.
   */
  offerTask(task: QueuedTask): boolean;
  /** New durable timers exist, the earliest of them due at `earliestFireAt`. */
  onTimersChanged(earliestFireAt: number): void;
  /** A run's history or status changed; `change` says where it now stands. */
  onHistoryChanged(runId: string, change: HistoryChange): void;
}

/** Thresholds Temporal's dynamic config sets; these are its defaults. */
export interface HistoryLimits {
  suggestContinueAsNewEvents: number;
  suggestContinueAsNewBytes: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
  suggestContinueAsNewEvents: 4 * 1024,
  suggestContinueAsNewBytes: 4 * 1024 * 1024,
};

export class ServerContext {
  readonly executions: ExecutionStore;
  readonly tasks: TaskStore;
  readonly timers: TimerStore;
  readonly namespaces: NamespaceStore;
  readonly searchAttributes: SearchAttributeStore;
  /** Workflow updates not yet accepted live only here, as in Temporal. */
  readonly updates = new UpdateRegistry();
  readonly activityDispatches = new ActivityDispatchCache();
  private pendingEffects: (() => void)[] | undefined;
  private pendingHandoffs: (() => void)[] | undefined;
  private pendingUndos: (() => void)[] | undefined;
  /** The first error of a handoff in the open transaction, thrown once it has committed. */
  private handoffFailure: { error: unknown } | undefined;
  /** One better-sqlite3 transaction wrapper for all changes, built once rather than per transaction. */
  private readonly inTransaction: (fn: () => unknown) => unknown;
  listeners: CommitListeners = { offerTask: () => false, onTimersChanged() {}, onHistoryChanged() {} };

  constructor(
    readonly db: SqliteDatabase,
    readonly limits: HistoryLimits = DEFAULT_HISTORY_LIMITS,
    readonly now: () => number = Date.now,
  ) {
    this.inTransaction = db.transaction((fn: () => unknown) => fn());
    this.executions = new ExecutionStore(db);
    this.tasks = new TaskStore(db);
    this.timers = new TimerStore(db);
    this.namespaces = new NamespaceStore(db);
    this.searchAttributes = new SearchAttributeStore(db);
  }

  /**
   * Runs fn in one SQLite transaction; queued tasks are offered to waiting pollers at its end, and notifications wait
   * until the outermost transaction commits. An offer that fails is undone alone (the task is stored instead) and its
   * error thrown after commit.
   */
  transact<T>(fn: () => T): T {
    if (this.pendingEffects) return fn();
    const effects: (() => void)[] = [];
    const handoffs: (() => void)[] = [];
    const undos: (() => void)[] = [];
    this.pendingEffects = effects;
    this.pendingHandoffs = handoffs;
    this.pendingUndos = undos;
    this.handoffFailure = undefined;
    let result: T;
    try {
      result = this.inTransaction(() => {
        const value = fn();
        // A handoff may queue more tasks, whose handoffs run in turn (an array iterator sees elements pushed meanwhile).
        for (const handoff of handoffs) handoff();
        return value;
      }) as T;
      this.activityDispatches.commitStaged();
    } catch (err) {
      this.activityDispatches.discardStaged();
      for (const undo of undos.reverse()) undo();
      throw err;
    } finally {
      this.pendingEffects = undefined;
      this.pendingHandoffs = undefined;
      this.pendingUndos = undefined;
    }
    for (const effect of effects) effect();
    // Set by queueTask during the transaction, which narrowing cannot see.
    const failure = this.handoffFailure as { error: unknown } | undefined;
    this.handoffFailure = undefined;
    if (failure) throw failure.error;
    return result;
  }

  /** Hands the task to a waiting poller, in a savepoint of its own, or stores it. */
  private queueTask(task: QueuedTask): void {
    let taken = false;
    try {
      taken = this.inTransaction(() => this.listeners.offerTask(task)) as boolean;
    } catch (error) {
      this.handoffFailure ??= { error };
    }
    if (!taken) this.tasks.insert(task);
  }

  /** Runs effect once the current transaction has committed. */
  afterCommit(effect: () => void): void {
    if (!this.pendingEffects) throw new Error('afterCommit outside a transaction');
    this.pendingEffects.push(effect);
  }

  /** Undoes an in-memory change made inside the current transaction if that transaction rolls back. */
  onRollback(undo: () => void): void {
    if (!this.pendingUndos) throw new Error('onRollback outside a transaction');
    this.pendingUndos.push(undo);
  }

  /** Runs handoff inside the current transaction, after its change and just before it commits. */
  beforeCommit(handoff: () => void): void {
    if (!this.pendingHandoffs) throw new Error('beforeCommit outside a transaction');
    this.pendingHandoffs.push(handoff);
  }

  /**
   * Says whether a worker still polls a sticky queue. A workflow task for a sticky queue nobody has polled lately goes
   * straight to the normal queue, as Temporal's matching does, instead of waiting out the sticky timeout.
   */
  stickyQueueAlive: (namespace: string, taskQueue: string) => boolean = () => true;

  private bypassDeadStickyQueue(run: MutableExecution): void {
    const { state } = run;
    const sticky = state.sticky;
    if (!sticky) return;
    const queued = run.newTasks.filter((t) => t.kind === 'workflow' && t.taskQueue === sticky.taskQueue);
    if (queued.length === 0 || this.stickyQueueAlive(state.namespace, sticky.taskQueue)) return;
    for (const task of queued) task.taskQueue = state.taskQueue;
    state.sticky = undefined;
  }

  /** Loads a run for a change; undefined when no such run exists. */
  load(runId: string): MutableExecution | undefined {
    const state = this.executions.loadState(runId);
    return state ? new MutableExecution(state, false, this.now()) : undefined;
  }

  create(state: ExecutionState): MutableExecution {
    return new MutableExecution(state, true, this.now());
  }

  /** Writes everything a change collected. Must run inside transact(). */
  save(run: MutableExecution): void {
    const { state } = run;
    this.bypassDeadStickyQueue(run);
    state.stateTransitionCount++;
    if (run.isNew) {
      this.executions.insertExecution(state, run.visibility ?? { searchAttributes: {}, memo: null });
    } else {
      this.executions.updateExecution(state);
      if (run.visibility) this.executions.updateVisibility(state.runId, run.visibility);
    }
    for (const event of run.newEvents) this.executions.appendEvent(state.runId, event.eventId, event.bytes);
    const closingEvent = run.closed ? run.newEvents[run.newEvents.length - 1]?.bytes : undefined;
    run.newEvents.length = 0;
    for (const { scheduledEventId, details } of run.newActivities)
      this.activityDispatches.stage(state.runId, scheduledEventId, details);
    run.newActivities.length = 0;
    for (const task of run.newTasks) {
      const queued: QueuedTask = {
        namespace: state.namespace,
        task_queue: task.taskQueue,
        kind: task.kind,
        run_id: state.runId,
        ref: task.ref,
        stamp: task.stamp,
        created_at: run.now,
      };
      this.beforeCommit(() => this.queueTask(queued));
    }
    run.newTasks.length = 0;
    if (run.closed) this.timers.deleteForRun(state.runId);
    if (run.newTimers.length > 0) {
      let earliestFireAt = Infinity;
      for (const timer of run.newTimers) {
        this.timers.insert(timer.fireAt, state.runId, timer.kind, timer.data);
        earliestFireAt = Math.min(earliestFireAt, timer.fireAt);
      }
      run.newTimers.length = 0;
      this.afterCommit(() => this.listeners.onTimersChanged(earliestFireAt));
    }
    const change: HistoryChange = { nextEventId: state.nextEventId, closed: state.closeTime !== undefined };
    this.afterCommit(() => this.listeners.onHistoryChanged(state.runId, change));
    if (closingEvent) {
      run.closed = false;
      this.afterCommit(() => this.updates.abandonRun(state.runId, 'workflow execution already completed'));
      onRunClosed(this, run, closingEvent);
    }
  }
}
