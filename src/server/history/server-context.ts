/** What every part of the server shares: the stores, and the in-process notifications that follow a commit. */
import type { SqliteDatabase } from '../store/open-database';
import { ExecutionStore } from '../store/execution-store';
import { TaskStore, type TaskKind } from '../store/task-store';
import { TimerStore } from '../store/timer-store';
import { NamespaceStore } from '../store/namespace-store';
import { SearchAttributeStore } from '../store/search-attribute-store';
import type { ExecutionState } from './execution-state';
import { MutableExecution } from './mutable-execution';
import { onRunClosed } from './child-workflows';
import { UpdateRegistry } from '../matching/update-registry';

export interface CommitListeners {
  /** Tasks were queued on these queues. */
  onTasksQueued(namespace: string, taskQueue: string, kind: TaskKind): void;
  /** New durable timers exist; the earliest may have moved. */
  onTimersChanged(): void;
  /** A run's history or status changed. */
  onHistoryChanged(runId: string): void;
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
  private pendingEffects: (() => void)[] | undefined;
  listeners: CommitListeners = { onTasksQueued() {}, onTimersChanged() {}, onHistoryChanged() {} };

  constructor(
    readonly db: SqliteDatabase,
    readonly limits: HistoryLimits = DEFAULT_HISTORY_LIMITS,
    readonly now: () => number = Date.now,
  ) {
    this.executions = new ExecutionStore(db);
    this.tasks = new TaskStore(db);
    this.timers = new TimerStore(db);
    this.namespaces = new NamespaceStore(db);
    this.searchAttributes = new SearchAttributeStore(db);
  }

  /** Runs fn in one SQLite transaction; notifications wait until the outermost transaction commits. */
  transact<T>(fn: () => T): T {
    if (this.pendingEffects) return fn();
    const effects: (() => void)[] = [];
    this.pendingEffects = effects;
    let result: T;
    try {
      result = this.db.transaction(fn)();
    } finally {
      this.pendingEffects = undefined;
    }
    for (const effect of effects) effect();
    return result;
  }

  /** Runs effect once the current transaction has committed. */
  afterCommit(effect: () => void): void {
    if (!this.pendingEffects) throw new Error('afterCommit outside a transaction');
    this.pendingEffects.push(effect);
  }

  /**
   * Says whether a worker still polls a sticky queue. A workflow task for a sticky queue nobody has polled lately goes
   * straight to the normal queue, as Temporal's matching does, instead of waiting out the sticky timeout.
   */
  stickyQueueAlive: (namespace: string, taskQueue: string) => boolean = () => true;

  private bypassDeadStickyQueue(ex: MutableExecution): void {
    const { state } = ex;
    const sticky = state.sticky;
    if (!sticky) return;
    const queued = ex.newTasks.filter((t) => t.kind === 'workflow' && t.taskQueue === sticky.taskQueue);
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
  save(ex: MutableExecution): void {
    const { state } = ex;
    this.bypassDeadStickyQueue(ex);
    state.stateTransitionCount++;
    if (ex.isNew) {
      this.executions.insertExecution(state, ex.visibility ?? { searchAttributes: {}, memo: null });
    } else {
      this.executions.updateExecution(state);
      if (ex.visibility) this.executions.updateVisibility(state.runId, ex.visibility);
    }
    for (const event of ex.newEvents) this.executions.appendEvent(state.runId, event.eventId, event.bytes);
    const closingEvent = ex.closed ? ex.newEvents[ex.newEvents.length - 1]?.bytes : undefined;
    ex.newEvents.length = 0;
    for (const task of ex.newTasks) {
      this.tasks.insert({
        namespace: state.namespace,
        task_queue: task.taskQueue,
        kind: task.kind,
        run_id: state.runId,
        ref: task.ref,
        stamp: task.stamp,
        created_at: ex.now,
      });
      this.afterCommit(() => this.listeners.onTasksQueued(state.namespace, task.taskQueue, task.kind));
    }
    ex.newTasks.length = 0;
    if (ex.closed) this.timers.deleteForRun(state.runId);
    if (ex.newTimers.length > 0) {
      for (const timer of ex.newTimers) this.timers.insert(timer.fireAt, state.runId, timer.kind, timer.data);
      ex.newTimers.length = 0;
      this.afterCommit(() => this.listeners.onTimersChanged());
    }
    this.afterCommit(() => this.listeners.onHistoryChanged(state.runId));
    if (closingEvent) {
      ex.closed = false;
      this.afterCommit(() => this.updates.abandonRun(state.runId, 'workflow execution already completed'));
      onRunClosed(this, ex, closingEvent);
    }
  }
}
