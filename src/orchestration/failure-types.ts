/** Stable `ApplicationFailure.type` names raised by Steadfast; clients and tests match on these. */

export const FailureType = {
  /** Agent side: instruction past its deadline or for a step already settled. Never retried. */
  StaleInstruction: 'StaleInstruction',
  /** Agent side: the handler was still running when the instruction's deadline passed. */
  InstructionDeadlineExceeded: 'InstructionDeadlineExceeded',
  /**
   * Agent side: the pool could not get a heartbeat confirmed for nearly a heartbeat timeout, so it stopped the handler
   * before the server could dispatch the step elsewhere. Retried like any failure.
   */
  ServerContactLost: 'ServerContactLost',
  /** Agent side: the activity argument is not an instruction (a programming error, never retried). */
  InvalidInstruction: 'InvalidInstruction',
  /** Orchestrator side: the agent has no autonomous (degraded) handler. */
  NoAutonomousHandler: 'NoAutonomousHandler',
  /** Agent returned something the orchestrator cannot use (for example an invalid routing decision). */
  InvalidAgentResult: 'InvalidAgentResult',
  /** LLM conversation: the next model call would exceed a token, call, cost or wall-time budget. */
  BudgetExhausted: 'BudgetExhausted',
  /** LLM conversation: the same tool was called with the same arguments loopThreshold times. */
  ToolLoopDetected: 'ToolLoopDetected',
  /** LLM conversation: maxTurns model calls without a final answer. */
  MaxTurnsExceeded: 'MaxTurnsExceeded',
  InvalidRequest: 'InvalidRequest',
  RoutingLoopDetected: 'RoutingLoopDetected',
  MaxStepsExceeded: 'MaxStepsExceeded',
  DeadlineExceeded: 'DeadlineExceeded',
  StepFailed: 'StepFailed',
  RouterFailed: 'RouterFailed',
  ApprovalRejected: 'ApprovalRejected',
  PlanBlocked: 'PlanBlocked',
  /** An operator's approve, reject, pause, resume or cancel that the orchestration refused (the message says why). */
  OperationRefused: 'OperationRefused',
} as const;

export type FailureTypeName = (typeof FailureType)[keyof typeof FailureType];

/** How an orchestration that did not complete normally ended; becomes a non-retryable ApplicationFailure. */
export interface OrchestrationFailure {
  readonly type: FailureTypeName;
  readonly message: string;
  readonly stepId?: string;
}
