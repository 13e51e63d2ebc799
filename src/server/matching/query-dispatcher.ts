/** Queries: held in memory (as in Temporal), handed to a workflow poller as a legacy query task, answered by RespondQueryTaskCompleted. */
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

  constructor(private readonly notifyQueue: (namespace: string, taskQueue: string) => void) {}

  /** Registers a query and waits for the worker's answer, or for abort. */
  submit(
    args: Omit<PendingQuery, 'id' | 'resolve'>,
    abort: AbortSignal,
  ): Promise<RespondQuery | undefined> {
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
    for (const query of this.pending.values()) {
      if (query.namespace !== namespace || query.taskQueue !== taskQueue || !runIsReady(query.runId)) continue;
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
    for (const query of this.pending.values()) {
      if (query.runId === runId) this.notifyQueue(query.namespace, query.taskQueue);
    }
  }
}
