/**
 * Hands one outbox entry to the server: a queued request starts as an orchestration under its original id, an
 * autonomous answer or an expired request becomes a recorded orchestration. The id makes a second run impossible:
 * WorkflowExecutionAlreadyStarted means the server has the request already, which settles the entry too.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { OrchestrationRequest } from '../../config/orchestration-request';
import type { EdgeRecord } from '../../orchestration/edge-record';
import { FailureType } from '../../orchestration/failure-types';
import { WorkflowNames } from '../../orchestration/names';
import { initialOrchestrationState } from '../../orchestration/orchestration-state';
import { buildStatus } from '../../orchestration/status-view';
import { newStepRecord } from '../../orchestration/step-records';
import type { orchestrate } from '../../workflows/orchestrate';
import type { recordedOrchestration } from '../../workflows/recorded-orchestration';
import { EDGE_ID_REUSE_POLICY, orchestrateStartOptions, recordStartOptions } from '../orchestration-start-options';
import type { OutboxEntry, OutboxOutcome } from './outbox';
import { callWithin } from './reachability';

/** How the draining client submits: its cut-off for one start call, and the workflow task timeout it starts with. */
export interface SubmitSettings {
  readonly startTimeoutMs: number;
  readonly workflowTaskTimeoutMs: number;
}

export async function submitOutboxEntry(
  client: Client,
  entry: OutboxEntry,
  settings: SubmitSettings,
  now: number,
  abandoned?: Set<Promise<unknown>>,
): Promise<OutboxOutcome> {
  const fresh = entry.expiresAt === undefined || now <= entry.expiresAt;
  const record = entry.answer
    ? edgeAnswerRecord(entry)
    : entry.decision === 'queue' && !fresh
      ? expiredRecord(entry, now)
      : undefined;
  try {
    if (record) {
      await callWithin(
        client,
        settings.startTimeoutMs,
        () =>
          client.workflow.start<typeof recordedOrchestration>(
            WorkflowNames.recordedOrchestration,
            recordStartOptions(entry.request, record, entry.taskQueue),
          ),
        abandoned,
      );
      return record.edge.mode === 'expired' ? 'expired' : 'recorded';
    }
    await callWithin(
      client,
      settings.startTimeoutMs,
      () =>
        client.workflow.start<typeof orchestrate>(WorkflowNames.orchestrate, {
          ...orchestrateStartOptions(entry.request, entry.id, {
            taskQueue: entry.taskQueue,
            workflowTaskTimeoutMs: settings.workflowTaskTimeoutMs,
          }),
          workflowIdReusePolicy: EDGE_ID_REUSE_POLICY,
        }),
      abandoned,
    );
    return 'started';
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    // The server had it: started just before the cut, or by a drain that died before it could settle the entry.
    return record?.edge.mode === 'autonomous' ? 'superseded' : 'already_started';
  }
}

function edgeAnswerRecord(entry: OutboxEntry): EdgeRecord {
  const answer = entry.answer!;
  return {
    edge: { mode: 'autonomous', reason: 'coordinator_unreachable', decidedAt: entry.receivedAt },
    status: answer.status,
    ...(answer.result ? { result: answer.result } : {}),
  };
}

/** Queued requests whose deadline passed before the server returned are refused as today's agents refuse stale ones. */
function expiredRecord(entry: OutboxEntry, now: number): EdgeRecord {
  const state = initialOrchestrationState({
    orchestrationId: entry.id,
    goal: entry.request.goal,
    mode: entry.request.plan ? 'plan' : 'router',
    startedAt: entry.receivedAt,
    ...(entry.request.deadline !== undefined ? { deadlineMs: entry.request.deadline } : {}),
    steps: stepsOf(entry.request),
  });
  state.phase = 'failed';
  state.failure = {
    type: FailureType.StaleInstruction,
    message:
      `queued at the edge while the server was unreachable; its deadline ` +
      `(${new Date(entry.expiresAt!).toISOString()}) passed before the server returned, so it was not started`,
  };
  return {
    edge: { mode: 'expired', reason: 'stale_instruction', decidedAt: entry.receivedAt },
    status: buildStatus(state, now),
  };
}

function stepsOf(request: OrchestrationRequest) {
  return (request.plan?.steps ?? []).map((step) =>
    newStepRecord({
      id: step.id,
      kind: step.kind,
      agent: step.kind === 'agent' ? step.agent : 'approval',
      dependsOn: step.dependsOn,
    }),
  );
}
