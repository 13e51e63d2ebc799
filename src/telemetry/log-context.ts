/**
 * The three fields every worker log line carries: which orchestration, which step and which agent it is about
 * (null when a line is about none, e.g. a worker starting). Read from the metadata the Temporal SDK attaches to
 * workflow and activity log calls, plus the instruction fields the activity interceptor adds.
 */
import { WorkflowNames } from '../orchestration/names';

export interface LogContext {
  readonly orchestrationId: string | null;
  readonly step: string | null;
  readonly agent: string | null;
}

/** Metadata keys folded into the three fields, and keys that are noise in a log line. */
const CONSUMED_KEYS = new Set(['orchestrationId', 'stepId', 'agent', 'taskToken']);

export function logContextOf(meta: Readonly<Record<string, unknown>>): LogContext {
  const isOrchestration = meta.workflowType === WorkflowNames.orchestrate;
  const orchestrationId = text(meta.orchestrationId) ?? (isOrchestration ? text(meta.workflowId) : undefined);
  // An agent activity is registered under the agent's name; the orchestrator's own local activities are not agents.
  const agentActivity = isOrchestration && meta.isLocal === false ? text(meta.activityType) : undefined;
  return {
    orchestrationId: orchestrationId ?? null,
    step: text(meta.stepId) ?? (agentActivity ? stepOfActivityId(meta.activityId) : undefined) ?? null,
    agent: text(meta.agent) ?? agentActivity ?? null,
  };
}

/** The metadata left once the context fields are taken out. */
export function remainingMeta(meta: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(meta).filter(([key]) => !CONSUMED_KEYS.has(key)));
}

/** Agent dispatches use `<step id>#<dispatch>` as activity id, so lines logged before the interceptor ran still name the step. */
function stepOfActivityId(activityId: unknown): string | undefined {
  const match = typeof activityId === 'string' ? /^(.+)#\d+$/.exec(activityId) : null;
  return match?.[1];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
