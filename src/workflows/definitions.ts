/** Signal, update and query definitions of the orchestrator and the agent-health registry, shared with the client. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AgentHealthView, AgentOutcomeReport, HealthSnapshot } from '../orchestration/agent-health';
import { QueryNames, SignalNames, UpdateNames } from '../orchestration/names';
import type { ApprovalDecision } from '../orchestration/types';
import type { OrchestrationStatus } from '../orchestration/status-view';

export interface ApprovalSignal {
  readonly stepId: string;
  readonly by?: string;
  readonly comment?: string;
}

export interface CancelRequest {
  readonly reason?: string;
}

export const pauseSignal = defineSignal(SignalNames.pause);
export const resumeSignal = defineSignal(SignalNames.resume);
export const cancelSignal = defineSignal<[reason?: string]>(SignalNames.cancel);
export const approveSignal = defineSignal<[ApprovalSignal]>(SignalNames.approve);
export const rejectSignal = defineSignal<[ApprovalSignal]>(SignalNames.reject);

/** The validated path: refused operations fail the update with the reason; accepted approvals return the decision. */
export const pauseUpdate = defineUpdate<void>(UpdateNames.pause);
export const resumeUpdate = defineUpdate<void>(UpdateNames.resume);
export const cancelUpdate = defineUpdate<void, [CancelRequest]>(UpdateNames.cancel);
export const approveUpdate = defineUpdate<ApprovalDecision, [ApprovalSignal]>(UpdateNames.approve);
export const rejectUpdate = defineUpdate<ApprovalDecision, [ApprovalSignal]>(UpdateNames.reject);

export const statusQuery = defineQuery<OrchestrationStatus>(QueryNames.status);
/** Used by agents to refuse instructions the orchestration no longer awaits. */
export const isInstructionCurrentQuery = defineQuery<boolean, [stepId: string, dispatch: number]>(
  QueryNames.isInstructionCurrent,
);

export const reportAgentOutcomeSignal = defineSignal<[AgentOutcomeReport]>(SignalNames.reportAgentOutcome);
export const reportAgentOutcomesSignal = defineSignal<[AgentOutcomeReport[]]>(SignalNames.reportAgentOutcomes);
export const resetAgentSignal = defineSignal<[agent: string]>(SignalNames.resetAgent);
export const agentHealthQuery = defineQuery<AgentHealthView[]>(QueryNames.agentHealth);
export const agentBreakersQuery = defineQuery<HealthSnapshot, [agents: readonly string[]]>(QueryNames.agentBreakers);
