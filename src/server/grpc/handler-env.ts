/**
 * What RPC handlers share: the server state, the matchers and the per-call abort signal, and the handler types of
 * each service, derived from the request and response messages @temporalio/proto declares for its methods.
 */
import type { ServerContext } from '../history/server-context';
import type { TaskMatcher } from '../matching/task-matcher';
import type { QueryDispatcher } from '../matching/query-dispatcher';
import type { HistoryWatchers } from './history-watchers';
import { invalidArgument, namespaceNotFound } from '../errors/rpc-error';
import type { NamespaceInfo } from '../store/namespace-store';
import type { Relaxed, temporal } from '../proto/temporal-proto';
import type { EncodedHistory } from '../proto/encoded-history';

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

export type RpcHandler<Request, Response> = (request: Request, env: CallEnv) => Response | Promise<Response>;

/**
 * A response as a handler builds it: the message's fields, all optional (null and undefined mean absent, as in the
 * message's interface), int64 as plain numbers (Relaxed), and a top-level history field may carry the stored event
 * bytes as they are (see encoded-history.ts).
 */
export type ServerResponse<Message> = {
  [K in keyof Message as Message[K] extends (...args: never[]) => unknown ? never : K]?:
    Relaxed<Message[K]> | (K extends 'history' ? EncodedHistory : never) | null | undefined;
};

/**
 * A protobufjs service method: two call signatures (callback, then promise) plus its proto name. Inference from an
 * overloaded type reads the last signature, the promise one.
 */
type RequestOf<Method> = Method extends (request: infer Request) => Promise<unknown> ? Request : never;
type ResponseOf<Method> = Method extends (request: never) => Promise<infer Response> ? Response : never;

/** Handlers of a service by proto method name, each typed from its request and response messages. */
export type ServiceHandlers<Service> = {
  [
    K in keyof Service as Service[K] extends { readonly name: infer Name extends string; readonly requestType: string }
      ? Name
      : never
  ]?: RpcHandler<RequestOf<Service[K]>, ServerResponse<ResponseOf<Service[K]>>>;
};

export type WorkflowServiceHandlers = ServiceHandlers<temporal.api.workflowservice.v1.WorkflowService>;
export type OperatorServiceHandlers = ServiceHandlers<temporal.api.operatorservice.v1.OperatorService>;

/** A handler of any method, as the RPC server calls it (requests arrive decoded by the method's own codec). */
export type AnyRpcHandler = RpcHandler<never, unknown>;

export function requireNamespace(env: ServerEnv, namespace: string | null | undefined): NamespaceInfo {
  if (!namespace) throw invalidArgument('Namespace is not set on request.');
  const info = env.ctx.namespaces.get(namespace);
  if (!info) throw namespaceNotFound(namespace);
  return info;
}
