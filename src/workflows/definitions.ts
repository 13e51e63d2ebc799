/** Signal and query definitions of the orchestrator and the agent-health registry, shared with the client. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { AgentHealthView, AgentOutcomeReport, HealthSnapshot } from '../orchestration/agent-health';
import { QueryNames, SignalNames } from '../orchestration/names';
import type { OrchestrationStatus } from '../orchestration/status-view';

export interface ApprovalSignal {
  readonly stepId: string;
  readonly by?: string;
  readonly comment?: string;
}

export const pauseSignal = defineSignal(SignalNames.pause);
export const resumeSignal = defineSignal(SignalNames.resume);
export const cancelSignal = defineSignal<[reason?: string]>(SignalNames.cancel);
export const approveSignal = defineSignal<[ApprovalSignal]>(SignalNames.approve);
export const rejectSignal = defineSignal<[ApprovalSignal]>(SignalNames.reject);

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
