/** What RPC handlers share: the server state, the matchers, and the per-call abort signal. */
import type { ServerContext } from '../history/server-context';
import type { TaskMatcher } from '../matching/task-matcher';
import type { QueryDispatcher } from '../matching/query-dispatcher';
import type { HistoryWatchers } from './history-watchers';
import { invalidArgument, namespaceNotFound } from './rpc-error';
import type { NamespaceInfo } from '../store/namespace-store';

export interface ServerEnv {
  ctx: ServerContext;
  matcher: TaskMatcher;
  queries: QueryDispatcher;
  historyWatchers: HistoryWatchers;
  historyLongPollMs: number;
}

export interface CallEnv extends ServerEnv {
  /** Fires when the caller cancels or disconnects, or the server closes. */
  abort: AbortSignal;
}

// Requests are protobuf messages; handlers read the fields they need.
export type RpcHandler = (request: any, env: CallEnv) => Promise<unknown> | unknown;

export function requireNamespace(env: ServerEnv, namespace: string | null | undefined): NamespaceInfo {
  if (!namespace) throw invalidArgument('Namespace is not set on request.');
  const info = env.ctx.namespaces.get(namespace);
  if (!info) throw namespaceNotFound(namespace);
  return info;
}
