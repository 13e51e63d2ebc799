/** Long polls: a poller either claims a queued task at once or waits until one is queued, the poll times out, or the caller leaves. */
import type { QueuedTask, TaskKind } from '../store/task-store';

/** A task being queued, offered to waiting pollers before it is stored; `taken` is set by the poller that uses it. */
export interface TaskOffer {
  readonly task: QueuedTask;
  taken: boolean;
}

/** What a poller runs to find its answer: the offered task if any, else the queue's stored tasks (or a query). */
export type Claim<T> = (offer?: TaskOffer) => T | undefined;

interface Waiter {
  /** The worker the poll came from (its WorkerInstanceKey), when it said. */
  workerKey: string | undefined;
  /** True when the poller found its answer (not necessarily the offered task) and stopped waiting. */
  tryClaim: (offer?: TaskOffer) => boolean;
  done: () => void;
}

export interface PollerRecord {
  identity: string;
  lastAccessTime: number;
}

/** How long a shut-down worker's key is remembered: longer than any poll it could still have in flight. */
const SHUT_DOWN_WORKER_MEMORY_MS = 10 * 60_000;

function queueKey(namespace: string, taskQueue: string, kind: TaskKind): string {
  return `${kind}\u0000${namespace}\u0000${taskQueue}`;
}

export class TaskMatcher {
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly pollers = new Map<string, Map<string, number>>();
  /** Workers that said they shut down (WorkerInstanceKey to when): their polls are answered empty from then on. */
  private readonly shutDownWorkers = new Map<string, number>();
  private closed = false;

  constructor(private readonly pollTimeoutMs: number) {}

  /**
   * Resolves with what `claim` returned once it returns something, or undefined when the poll times out
   * or `abort` fires. `claim` is retried whenever a task is queued on this queue.
   */
  poll<T>(
    namespace: string,
    taskQueue: string,
    kind: TaskKind,
    identity: string,
    claim: Claim<T>,
    abort: AbortSignal,
    workerKey?: string,
  ): Promise<T | undefined> {
    const key = queueKey(namespace, taskQueue, kind);
    // A poll that raced its worker's ShutdownWorker gets nothing: the worker is not there to run a task.
    if (workerKey && this.shutDownWorkers.has(workerKey)) return Promise.resolve(undefined);
    this.recordPoller(key, identity);
    const immediate = claim();
    if (immediate !== undefined || this.closed || abort.aborted) return Promise.resolve(immediate);
    return new Promise<T | undefined>((resolve) => {
      let settled = false;
      const finish = (value: T | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        abort.removeEventListener('abort', onAbort);
        this.removeWaiter(key, waiter);
        this.recordPoller(key, identity);
        resolve(value);
      };
      const waiter: Waiter = {
        workerKey: workerKey || undefined,
        tryClaim: (offer) => {
          const value = claim(offer);
          if (value === undefined) return false;
          finish(value);
          return true;
        },
        done: () => finish(undefined),
      };
      const onAbort = () => finish(undefined);
      const timer = setTimeout(() => finish(undefined), this.pollTimeoutMs);
      abort.addEventListener('abort', onAbort);
      const list = this.waiting.get(key) ?? [];
      list.push(waiter);
      this.waiting.set(key, list);
    });
  }

  /**
   * A task is being queued: waiting pollers, oldest first, may take it directly (Temporal's sync match). True when one
   * did; otherwise the caller stores it.
   */
  offer(task: QueuedTask): boolean {
    const list = this.waiting.get(queueKey(task.namespace, task.task_queue, task.kind));
    if (!list) return false;
    const offer: TaskOffer = { task, taken: false };
    for (const waiter of [...list]) {
      waiter.tryClaim(offer);
      if (offer.taken) return true;
    }
    return false;
  }

  /** Something a poller may claim appeared on the queue: wake waiting pollers, oldest first, until one finds it. */
  notify(namespace: string, taskQueue: string, kind: TaskKind): boolean {
    const list = this.waiting.get(queueKey(namespace, taskQueue, kind));
    if (!list) return false;
    for (const waiter of [...list]) {
      if (waiter.tryClaim()) return true;
    }
    return false;
  }

  /** Pollers seen on a queue recently, for DescribeTaskQueue. */
  recentPollers(namespace: string, taskQueue: string, kind: TaskKind): PollerRecord[] {
    const seen = this.pollers.get(queueKey(namespace, taskQueue, kind));
    return [...(seen ?? new Map<string, number>()).entries()].map(([identity, lastAccessTime]) => ({
      identity,
      lastAccessTime,
    }));
  }

  /** True while a poller waits on the queue, or one was seen within `withinMs`. */
  hasLivePoller(namespace: string, taskQueue: string, kind: TaskKind, withinMs: number): boolean {
    const key = queueKey(namespace, taskQueue, kind);
    if ((this.waiting.get(key)?.length ?? 0) > 0) return true;
    const now = Date.now();
    for (const lastAccessTime of this.pollers.get(key)?.values() ?? [])
      if (now - lastAccessTime <= withinMs) return true;
    return false;
  }

  /** A worker said it left the queue: its open polls end empty, and the queue no longer counts as polled. */
  forgetQueue(namespace: string, taskQueue: string, kind: TaskKind): void {
    const key = queueKey(namespace, taskQueue, kind);
    for (const waiter of [...(this.waiting.get(key) ?? [])]) waiter.done();
    this.pollers.delete(key);
  }

  /**
   * ShutdownWorker with a WorkerInstanceKey: that worker's open polls, on every queue, end empty and its later polls
   * get nothing, so no task is ever handed to a worker that is going away (Temporal's workerPollCompleteOnShutdown).
   */
  completePollsOfWorker(workerKey: string, now = Date.now()): void {
    for (const [key, since] of this.shutDownWorkers) {
      if (now - since > SHUT_DOWN_WORKER_MEMORY_MS) this.shutDownWorkers.delete(key);
    }
    this.shutDownWorkers.set(workerKey, now);
    for (const list of this.waiting.values()) {
      for (const waiter of [...list]) if (waiter.workerKey === workerKey) waiter.done();
    }
  }

  /** Ends every open poll with an empty answer. */
  close(): void {
    this.closed = true;
    for (const list of this.waiting.values()) for (const waiter of [...list]) waiter.done();
    this.waiting.clear();
  }

  private removeWaiter(key: string, waiter: Waiter): void {
    const list = this.waiting.get(key);
    if (!list) return;
    const index = list.indexOf(waiter);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) this.waiting.delete(key);
  }

  private recordPoller(key: string, identity: string): void {
    let seen = this.pollers.get(key);
    if (!seen) this.pollers.set(key, (seen = new Map()));
    seen.set(identity, Date.now());
  }
}
