/**
 * What an operator does to orchestrations through the client: pause, resume, cancel, approve and reject (updates the
 * orchestration may refuse, with its reason), the approvals waiting for a person, and the agent-health override.
 * SteadfastClient exposes these methods; this module keeps how they reach the workflow and read its refusals.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { OperatorOperation } from '../orchestration/operator-checks';
import type { OrchestrationStatus } from '../orchestration/status-view';
import type { ApprovalDecision } from '../orchestration/types';
import {
  approveUpdate,
  cancelUpdate,
  pauseUpdate,
  rejectUpdate,
  resetAgentSignal,
  resumeUpdate,
} from '../workflows/definitions';
import type { orchestrate } from '../workflows/orchestrate';
import { OrchestrationNotFoundError } from './orchestration-errors';
import { statusOfExecution, type OrchestrationSummary } from './orchestration-list';
import { OperationRefusedError, refusalReason } from './operation-refused';
import { StatusKey } from './visibility-keys';

export interface ApprovalInput {
  readonly by?: string;
  readonly comment?: string;
}

/** One approval step waiting for a person (see awaitingApprovals). */
export interface PendingApproval {
  readonly orchestrationId: string;
  readonly goal: string;
  /** A paused orchestration refuses approve until resumed (reject is accepted). */
  readonly paused: boolean;
  readonly stepId: string;
  readonly prompt?: string;
  readonly subject?: unknown;
  /** Epoch ms. */
  readonly waitingSince?: number;
  readonly expiresAt?: number;
}

/** What the operator reads through the client it belongs to. */
export interface OperatorContext {
  readonly temporal: Client;
  readonly healthRegistryId: string;
  status(id: string): Promise<OrchestrationStatus>;
  list(): Promise<OrchestrationSummary[]>;
}

const WAITING_CAN_SHOW_UNDER: ReadonlySet<string> = new Set(['running', 'paused', 'awaiting_approval']);

export class OrchestrationOperator {
  constructor(private readonly context: OperatorContext) {}

  pause(id: string): Promise<void> {
    return this.operate(id, 'pause', undefined, (handle) => handle.executeUpdate(pauseUpdate));
  }

  resume(id: string): Promise<void> {
    return this.operate(id, 'resume', undefined, (handle) => handle.executeUpdate(resumeUpdate));
  }

  cancel(id: string, reason?: string): Promise<void> {
    return this.operate(id, 'cancel', undefined, (handle) =>
      handle.executeUpdate(cancelUpdate, { args: [reason === undefined ? {} : { reason }] }),
    );
  }

  approve(id: string, stepId: string, decision: ApprovalInput = {}): Promise<ApprovalDecision> {
    return this.operate(id, 'approve', stepId, (handle) =>
      handle.executeUpdate(approveUpdate, { args: [{ stepId, ...definedOnly(decision) }] }),
    );
  }

  reject(id: string, stepId: string, decision: ApprovalInput = {}): Promise<ApprovalDecision> {
    return this.operate(id, 'reject', stepId, (handle) =>
      handle.executeUpdate(rejectUpdate, { args: [{ stepId, ...definedOnly(decision) }] }),
    );
  }

  /** Asks each running orchestration for its status, so it also finds runs that do not publish search attributes. */
  async awaitingApprovals(): Promise<PendingApproval[]> {
    const running = (await this.context.list()).filter((row) => WAITING_CAN_SHOW_UNDER.has(row.status));
    const statuses = await Promise.all(running.map((row) => this.context.status(row.id).catch(() => undefined)));
    const pending: PendingApproval[] = [];
    for (const status of statuses) {
      if (!status || status.phase === 'terminated' || status.phase === 'timed_out') continue;
      for (const step of status.steps) {
        if (step.state !== 'awaiting_approval' || step.approval?.decision) continue;
        pending.push({
          orchestrationId: status.orchestrationId,
          goal: status.goal,
          paused: status.paused,
          stepId: step.id,
          ...(step.approval?.prompt !== undefined ? { prompt: step.approval.prompt } : {}),
          ...(step.approval?.subject !== undefined ? { subject: step.approval.subject } : {}),
          ...(step.startedAt !== undefined ? { waitingSince: step.startedAt } : {}),
          ...(step.approval?.expiresAt !== undefined ? { expiresAt: step.approval.expiresAt } : {}),
        });
      }
    }
    return pending.sort((a, b) => (a.waitingSince ?? 0) - (b.waitingSince ?? 0));
  }

  async resetAgent(agent: string): Promise<void> {
    const registry = this.context.healthRegistryId;
    try {
      await this.context.temporal.workflow.getHandle(registry).signal(resetAgentSignal, agent);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError)
        throw new OrchestrationNotFoundError(registry, 'agent-health registry');
      throw error;
    }
  }

  private workflow(id: string): WorkflowHandle<typeof orchestrate> {
    return this.context.temporal.workflow.getHandle<typeof orchestrate>(id);
  }

  /** Sends an operator update; a refusal, or an orchestration that has already ended, becomes OperationRefusedError. */
  private async operate<T>(
    id: string,
    operation: OperatorOperation,
    stepId: string | undefined,
    send: (handle: WorkflowHandle<typeof orchestrate>) => Promise<T>,
  ): Promise<T> {
    try {
      return await send(this.workflow(id));
    } catch (error) {
      const reason = refusalReason(error);
      if (reason !== undefined) throw new OperationRefusedError(id, operation, reason, stepId);
      if (error instanceof WorkflowNotFoundError) throw await this.endedOrMissing(id, operation, stepId);
      throw error;
    }
  }

  /** Updates cannot reach a closed run: say how it ended (its status, else Temporal's), or that there is none. */
  private async endedOrMissing(id: string, operation: OperatorOperation, stepId: string | undefined): Promise<Error> {
    let description;
    try {
      description = await this.workflow(id).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return new OrchestrationNotFoundError(id, 'running orchestration');
      throw error;
    }
    if (description.status.name === 'RUNNING') return new OrchestrationNotFoundError(id, 'running orchestration');
    const phase = await this.context.status(id).then(
      (status) => status.phase,
      () => statusOfExecution(description.status.name, description.typedSearchAttributes.get(StatusKey)),
    );
    return new OperationRefusedError(
      id,
      operation,
      `the orchestration has already ${(phase ?? 'ended').replace('_', ' ')}`,
      stepId,
    );
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
