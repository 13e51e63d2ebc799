/**
 * The `steadfast` package's main entry point: defining agents, the typed client, and the errors both throw.
 * Only what package.json `exports` names is public; LLM agents are `steadfast/llm`, so this entry never loads the AI SDK.
 */
export { defineAgent } from './activities/define-agent';
export type { AgentDefinition, AgentOptions, AnyAgentDefinition } from './activities/define-agent';
export type { AgentContext, AgentHandler } from './activities/agent-context';
export { httpAgent } from './activities/http-agent';
export type { HttpAgentOptions } from './activities/http-agent';
export { simulatedAgent } from './activities/simulated-agent';
export type { SimulatedAgentOptions } from './activities/simulated-agent';
export type { AgentTask, AgentReply, InstructionIdentity } from './orchestration/types';
export type { RouterTaskInput, RoutedStepSummary } from './orchestration/router-view';
export type { RouterReply } from './orchestration/routing-decision';

export { SteadfastClient } from './client/steadfast-client';
export type { ApprovalInput, OrchestrationHandle } from './client/steadfast-client';
export type { SteadfastClientConfigInput, StartOptionsInput } from './config/client-config';
export type { OrchestrationRequestInput } from './config/orchestration-request';
export type { OrchestrationResult, OrchestrationStatus, StepStatus } from './orchestration/status-view';
export type { OrchestrationSummary } from './client/orchestration-list';
export type { AgentHealthView } from './orchestration/agent-health';
export type { OrchestrationPhase } from './orchestration/types';

export { InvalidConfigError } from './config/parse-config';
export { OrchestrationFailedError, OrchestrationNotFoundError } from './client/orchestration-errors';
export type { OrchestrationFailureType } from './client/orchestration-errors';
export { OrchestrationOverloadedError } from './client/admission-control';
