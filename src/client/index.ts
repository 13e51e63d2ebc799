/** Public API of the client SDK. */
export { SteadfastClient } from './steadfast-client';
export type { ApprovalInput, OrchestrationHandle } from './steadfast-client';
export { OrchestrationFailedError, OrchestrationNotFoundError } from './orchestration-errors';
export { OrchestrationOverloadedError } from './admission-control';
export type { OrchestrationFailureType } from './orchestration-errors';
export type { OrchestrationSummary } from './orchestration-list';
export { InvalidConfigError } from '../config/parse-config';
export type { OrchestrationRequestInput } from '../config/orchestration-request';
export type { OrchestrationResult, OrchestrationStatus, StepStatus } from '../orchestration/status-view';
export type { AgentHealthView } from '../orchestration/agent-health';
export type { OrchestrationPhase } from '../orchestration/types';
export { CoordinatorUnreachableError, EdgeRequestEndedError } from './edge/edge-fallback';
export type { EdgeFallback, EdgeRunResult } from './edge/edge-fallback';
export type { OutboxEntry, OutboxOutcome } from './edge/outbox';
export type { EdgeRecord, EdgeDecisionMemo } from '../orchestration/edge-record';
