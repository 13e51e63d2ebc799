/** Public API of the client SDK. */
export { SteadfastClient } from './steadfast-client';
export type { ApprovalInput, OrchestrationHandle, PendingApproval } from './steadfast-client';
export { OrchestrationFailedError, OrchestrationNotFoundError } from './orchestration-errors';
export { OrchestrationOverloadedError } from './admission-control';
export { OperationRefusedError } from './operation-refused';
export type { OrchestrationFailureType } from './orchestration-errors';
export type { OrchestrationSummary } from './orchestration-list';
export { InvalidConfigError } from '../config/parse-config';
export type { OrchestrationRequestInput } from '../config/orchestration-request';
export type { ApprovalView, OrchestrationResult, OrchestrationStatus, StepStatus } from '../orchestration/status-view';
export type { OperatorOperation } from '../orchestration/operator-checks';
export type { AgentHealthView } from '../orchestration/agent-health';
export type { ApprovalDecision, OrchestrationListStatus, OrchestrationPhase } from '../orchestration/types';
export type { OrchestrationScheduleOptions } from './orchestration-schedule';
export { CoordinatorUnreachableError, EdgeRequestEndedError } from './edge/edge-fallback';
export type { EdgeFallback, EdgeRunResult } from './edge/edge-fallback';
export type { OutboxEntry, OutboxOutcome } from './edge/outbox';
export type { EdgeRecord, EdgeDecisionMemo } from '../orchestration/edge-record';
