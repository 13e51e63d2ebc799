/** Finding the run a request names: an explicit run id, or the current run of a workflow id. */
import { notFound, invalidArgument } from '../errors/rpc-error';
import type { ServerContext } from './server-context';
import type { MutableExecution } from './mutable-execution';

export interface ExecutionRef {
  workflowId?: string | null | undefined;
  runId?: string | null | undefined;
  /** When set, the run must belong to the chain that started with this run (Temporal's chain check). */
  firstExecutionRunId?: string | null | undefined;
}

/** The workflow id a request names; INVALID_ARGUMENT when it names none. */
export function requireWorkflowId(execution: ExecutionRef | null | undefined): string {
  const workflowId = execution?.workflowId;
  if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
  return workflowId;
}

export function resolveRunId(
  ctx: ServerContext,
  namespace: string,
  execution: ExecutionRef | null | undefined,
): string {
  const workflowId = requireWorkflowId(execution);
  const runId = execution?.runId || ctx.executions.currentRunId(namespace, workflowId);
  if (!runId) throw notFound(`workflow not found for ID: ${workflowId}`);
  return runId;
}

/** Loads the run for a change; NOT_FOUND when it does not exist in this namespace. */
export function loadRun(
  ctx: ServerContext,
  namespace: string,
  execution: ExecutionRef | null | undefined,
): MutableExecution {
  const runId = resolveRunId(ctx, namespace, execution);
  const run = ctx.load(runId);
  if (!run || run.state.namespace !== namespace || run.state.workflowId !== execution!.workflowId) {
    throw notFound(`workflow not found for ID: ${execution!.workflowId}`);
  }
  const chain = execution?.firstExecutionRunId;
  if (chain && run.state.firstExecutionRunId !== chain) {
    throw notFound(`workflow ${execution!.workflowId} has no current run in the chain started by run ${chain}`);
  }
  return run;
}

export function loadOpenRun(
  ctx: ServerContext,
  namespace: string,
  execution: ExecutionRef | null | undefined,
): MutableExecution {
  return requireOpen(loadRun(ctx, namespace, execution));
}

/** NOT_FOUND, as Temporal answers, when the run has closed. */
export function requireOpen(run: MutableExecution): MutableExecution {
  if (!run.isOpen) throw notFound('workflow execution already completed');
  return run;
}
