/**
 * Records an orchestration that ended at the edge (answered autonomously, or expired in the outbox) while the server
 * was unreachable: it answers the status query with the edge's final status and ends as the edge did, at once.
 */
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { EdgeRecord } from '../orchestration/edge-record';
import { FailureType } from '../orchestration/failure-types';
import type { OrchestrationResult } from '../orchestration/status-view';
import { statusQuery } from './definitions';

export async function recordedOrchestration(record: EdgeRecord): Promise<OrchestrationResult> {
  setHandler(statusQuery, () => record.status);
  if (record.result) return record.result;
  const failure = record.status.failure;
  throw ApplicationFailure.create({
    message: failure?.message ?? `ended at the edge (${record.edge.reason})`,
    type: failure?.type ?? FailureType.StaleInstruction,
    nonRetryable: true,
    details: [record.status],
  });
}
