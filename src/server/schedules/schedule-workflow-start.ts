/**
 * Starts a schedule's action through the server's own start path: workflow id `<id>-<nominal time>`, the action's
 * options, memo and search attributes, plus TemporalScheduledById and TemporalScheduledStartTime as Temporal sets them.
 */
import { randomUUID } from 'node:crypto';
import { enums, type Relaxed, type temporal } from '../proto/temporal-proto';
import type { ServerContext } from '../history/server-context';
import { startWorkflow } from '../history/start-workflow';
import type { BufferedStart, ScheduleRecord } from './schedule-record';

type Payload = Relaxed<temporal.api.common.v1.IPayload>;

/** RFC 3339 in UTC, whole seconds, as Go formats time.RFC3339. */
export function rfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function jsonPayload(value: unknown, type: string): Payload {
  return {
    metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from(type) },
    data: Buffer.from(JSON.stringify(value)),
  };
}

export function schedulerIdentity(record: ScheduleRecord): string {
  return `temporal-scheduler-${record.namespace}-${record.scheduleId}`;
}

/** Starts the workflow; returns its ids. Throws the start path's errors (already started, bad search attribute). */
export function startScheduledWorkflow(
  ctx: ServerContext,
  record: ScheduleRecord,
  start: BufferedStart,
): { workflowId: string; runId: string } {
  const action = record.schedule.action?.startWorkflow;
  if (!action) throw new Error(`schedule ${record.scheduleId} has no startWorkflow action`);
  const nominal = rfc3339Seconds(start.nominalTime);
  const workflowId = `${action.workflowId}-${nominal}`;
  const outcome = startWorkflow(ctx, record.namespace, {
    namespace: record.namespace,
    workflowId,
    workflowType: action.workflowType,
    taskQueue: action.taskQueue,
    input: action.input,
    workflowExecutionTimeout: action.workflowExecutionTimeout,
    workflowRunTimeout: action.workflowRunTimeout,
    workflowTaskTimeout: action.workflowTaskTimeout,
    identity: schedulerIdentity(record),
    requestId: randomUUID(),
    // A scheduled time starts once; a trigger or backfill may repeat one (as in Temporal).
    workflowIdReusePolicy: start.manual
      ? enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE
      : enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
    retryPolicy: action.retryPolicy,
    cronSchedule: action.cronSchedule,
    memo: action.memo,
    header: action.header,
    userMetadata: action.userMetadata,
    priority: action.priority,
    searchAttributes: {
      indexedFields: {
        ...(action.searchAttributes?.indexedFields ?? {}),
        TemporalScheduledStartTime: jsonPayload(nominal, 'Datetime'),
        TemporalScheduledById: jsonPayload(record.scheduleId, 'Keyword'),
      },
    },
  });
  return { workflowId, runId: outcome.runId };
}
