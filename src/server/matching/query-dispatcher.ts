/**
 * Queries: held in memory (as in Temporal). A query on a run with a workflow task scheduled rides on that task when it
 * starts and is answered in its completion; a query on an idle run goes to a workflow poller as a legacy query task,
 * answered by RespondQueryTaskCompleted.
 */
import { randomUUID } from 'node:crypto';
import type { temporal, Relaxed } from '../proto/temporal-proto';

type RespondQuery = Relaxed<temporal.api.workflowservice.v1.IRespondQueryTaskCompletedRequest>;

export interface PendingQuery {
  id: string;
  namespace: string;
  taskQueue: string;
  runId: string;
  query: Relaxed<temporal.api.query.v1.IWorkflowQuery>;
  resolve: (answer: RespondQuery) => void;
}

export class QueryDispatcher {
  private readonly pending = new Map<string, PendingQuery>();
  /** Queries handed to a worker and not answered yet. */
  private readonly inFlight = new Map<string, PendingQuery>();
  /** Queries riding on each run's started workflow task (a run has one at a time), by run id. */
  private readonly attached = new Map<string, { workflowTask: string; queryIds: string[] }>();

  /** `notifyQueue` offers the queue's work to its waiting pollers and says whether one took it. */
  constructor(private readonly notifyQueue: (namespace: string, taskQueue: string) => boolean) {}

  /** Registers a query and waits for the worker's answer, or for abort. */
  submit(args: Omit<PendingQuery, 'id' | 'resolve'>, abort: AbortSignal): Promise<RespondQuery | undefined> {
    return new Promise((resolve) => {
      const id = randomUUID();
      const finish = (answer: RespondQuery | undefined) => {
        this.pending.delete(id);
        this.inFlight.delete(id);
        abort.removeEventListener('abort', onAbort);
        resolve(answer);
      };
      const onAbort = () => finish(undefined);
      abort.addEventListener('abort', onAbort);
      this.pending.set(id, { ...args, id, resolve: finish });
      this.notifyQueue(args.namespace, args.taskQueue);
    });
  }

  /** The oldest query for this queue whose run can take it now. */
  claim(namespace: string, taskQueue: string, runIsReady: (runId: string) => boolean): PendingQuery | undefined {
    // Many queries often wait on one run (a busy shared workflow); its readiness is looked up once per claim.
    const readiness = new Map<string, boolean>();
    const ready = (runId: string): boolean => {
      let value = readiness.get(runId);
      if (value === undefined) readiness.set(runId, (value = runIsReady(runId)));
      return value;
    };
    for (const query of this.pending.values()) {
      if (query.namespace !== namespace || query.taskQueue !== taskQueue || !ready(query.runId)) continue;
      this.pending.delete(query.id);
      this.inFlight.set(query.id, query);
      return query;
    }
    return undefined;
  }

  /** A claimed query whose poll response could not be built goes back to the queue. */
  release(query: PendingQuery): void {
    this.inFlight.delete(query.id);
    this.pending.set(query.id, query);
  }

  answer(queryId: string, answer: RespondQuery): boolean {
    const query = this.inFlight.get(queryId);
    if (!query) return false;
    query.resolve(answer);
    return true;
  }

  /** A run changed (its workflow task may have finished): queries waiting on it may now be dispatched. */
  onRunChanged(runId: string): void {
    // One offer per waiting query, until an offer finds no taker: the others would find none either.
    const waitingPerQueue = new Map<string, { query: PendingQuery; count: number }>();
    for (const query of this.pending.values()) {
      if (query.runId !== runId) continue;
      const key = `${query.namespace}\u0000${query.taskQueue}`;
      const entry = waitingPerQueue.get(key) ?? { query, count: 0 };
      entry.count++;
      waitingPerQueue.set(key, entry);
    }
    for (const { query, count } of waitingPerQueue.values()) {
      for (let offer = 0; offer < count; offer++) if (!this.notifyQueue(query.namespace, query.taskQueue)) break;
    }
  }

  /**
   * Every query waiting on the run, handed to its workflow task `workflowTask` (an id unique within the run) as it
   * starts; keyed by query id. Queries still riding on an earlier task of the run, which ended unanswered, ride again.
   */
  attachToWorkflowTask(runId: string, workflowTask: string): Record<string, PendingQuery['query']> | undefined {
    this.returnToPending(runId);
    const queryIds: string[] = [];
    const queries: Record<string, PendingQuery['query']> = {};
    for (const query of this.pending.values()) {
      if (query.runId !== runId) continue;
      this.pending.delete(query.id);
      this.inFlight.set(query.id, query);
      queryIds.push(query.id);
      queries[query.id] = query.query;
    }
    if (queryIds.length === 0) return undefined;
    this.attached.set(runId, { workflowTask, queryIds });
    return queries;
  }

  /** The workflow task ended: the queries it carried and did not answer wait for the next task or an idle run. */
  releaseAttached(runId: string, workflowTask: string): void {
    if (this.attached.get(runId)?.workflowTask !== workflowTask) return;
    if (this.returnToPending(runId) > 0) this.onRunChanged(runId);
  }

  private returnToPending(runId: string): number {
    const riding = this.attached.get(runId);
    if (!riding) return 0;
    this.attached.delete(runId);
    const unanswered = riding.queryIds.map((id) => this.inFlight.get(id)).filter((query) => query !== undefined);
    for (const query of unanswered) this.release(query);
    return unanswered.length;
  }
}
