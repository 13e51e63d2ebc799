/** ListWorkflowExecutions / CountWorkflowExecutions over the executions table, filtered by Temporal's list-filter language. */
import { invalidArgument } from '../../errors/rpc-error';
import { requireNamespace, type CallEnv, type WorkflowServiceHandlers } from '../handler-env';
import {
  compileListQuery,
  ListQueryError,
  WORKFLOW_EXECUTION_STATUS_CODES,
  type CompiledListQuery,
} from '../../visibility';
import { executionInfo } from './execution-info';
import type { temporal } from '../../proto/temporal-proto';
import type { ExecutionState } from '../../history/execution-state';

const DEFAULT_PAGE_SIZE = 1000;

function compile(env: CallEnv, namespace: string, query: string | null | undefined): CompiledListQuery {
  try {
    return compileListQuery(query ?? '', env.ctx.searchAttributes.list(namespace));
  } catch (err) {
    if (err instanceof ListQueryError) throw invalidArgument(err.message);
    throw err;
  }
}

function decodeOffset(token: Uint8Array | null | undefined): number {
  if (!token || token.length === 0) return 0;
  const offset = Number(Buffer.from(token).toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw invalidArgument('nextPageToken is malformed.');
  return offset;
}

type ListRequest =
  | temporal.api.workflowservice.v1.IListWorkflowExecutionsRequest
  | temporal.api.workflowservice.v1.IScanWorkflowExecutionsRequest;

function list(request: ListRequest, env: CallEnv) {
  const namespace = requireNamespace(env, request.namespace).name;
  const compiled = compile(env, namespace, request.query);
  if (compiled.groupBy) throw invalidArgument('GROUP BY is only supported by CountWorkflowExecutions.');
  const pageSize = request.pageSize && request.pageSize > 0 ? request.pageSize : DEFAULT_PAGE_SIZE;
  const offset = decodeOffset(request.nextPageToken);
  const rows = env.ctx.db
    .prepare(
      `SELECT state, search_attributes, memo FROM executions WHERE namespace = ? AND (${compiled.where})
       ORDER BY ${compiled.orderBy} LIMIT ? OFFSET ?`,
    )
    .all(namespace, ...compiled.params, pageSize + 1, offset) as {
    state: string;
    search_attributes: string;
    memo: Buffer | null;
  }[];
  const page = rows.slice(0, pageSize);
  return {
    executions: page.map((row) =>
      executionInfo(JSON.parse(row.state) as ExecutionState, {
        searchAttributes: JSON.parse(row.search_attributes),
        memo: row.memo,
      }),
    ),
    nextPageToken: rows.length > pageSize ? Buffer.from(String(offset + pageSize)) : new Uint8Array(),
  };
}

export const visibilityHandlers = {
  ListWorkflowExecutions: list,
  ScanWorkflowExecutions: list,

  CountWorkflowExecutions(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    const compiled = compile(env, namespace, request.query);
    const where = `namespace = ? AND (${compiled.where})`;
    if (compiled.groupBy === 'ExecutionStatus') {
      const rows = env.ctx.db
        .prepare(`SELECT status, COUNT(*) AS n FROM executions WHERE ${where} GROUP BY status ORDER BY status`)
        .all(namespace, ...compiled.params) as { status: number; n: number }[];
      const statusPayload = (status: number) => {
        const name =
          Object.entries(WORKFLOW_EXECUTION_STATUS_CODES).find(([, code]) => code === status)?.[0] ?? String(status);
        return { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(name)) };
      };
      return {
        count: rows.reduce((sum, r) => sum + r.n, 0),
        groups: rows.map((r) => ({ groupValues: [statusPayload(r.status)], count: r.n })),
      };
    }
    const row = env.ctx.db
      .prepare(`SELECT COUNT(*) AS n FROM executions WHERE ${where}`)
      .get(namespace, ...compiled.params) as { n: number };
    return { count: row.n };
  },

  GetSearchAttributes(_request, env) {
    const keys: Record<string, number> = {};
    for (const def of env.ctx.searchAttributes.list('default')) keys[def.name] = 0;
    return { keys };
  },
} satisfies WorkflowServiceHandlers;
