/** Naming conventions shared by schemas, workflows, workers and the client: ids, task queues, signal and query names. */

export const AGENT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
export const STEP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

export const AGENT_TASK_QUEUE_PREFIX = 'steadfast.agent.';

/** Where orchestrations and the agent-health registry run, unless a worker and its clients agree on another queue. */
export const ORCHESTRATOR_TASK_QUEUE = 'steadfast.orchestrator';

/** Each agent pool polls its own task queue. */
export function agentTaskQueue(agentName: string): string {
  return `${AGENT_TASK_QUEUE_PREFIX}${agentName}`;
}

/** Same for every attempt and every fallback branch of one step, so side effects can be deduplicated. */
export function idempotencyKeyFor(orchestrationId: string, stepId: string): string {
  return `${orchestrationId}/${stepId}`;
}

export const DEFAULT_HEALTH_REGISTRY_ID = 'steadfast-agent-health';

export const WorkflowNames = {
  orchestrate: 'orchestrate',
  agentHealthRegistry: 'agentHealthRegistry',
  /** An orchestration decided at the edge while the server was unreachable, recorded once it returned. */
  recordedOrchestration: 'recordedOrchestration',
} as const;

export const SignalNames = {
  pause: 'steadfast.pause',
  resume: 'steadfast.resume',
  cancel: 'steadfast.cancel',
  approve: 'steadfast.approve',
  reject: 'steadfast.reject',
  reportAgentOutcome: 'steadfast.reportAgentOutcome',
  /** Several outcomes at once, oldest first (orchestrator workers batch successes). */
  reportAgentOutcomes: 'steadfast.reportAgentOutcomes',
  resetAgent: 'steadfast.resetAgent',
} as const;

/** Operator operations as Workflow Updates: their validators accept or refuse them before anything changes. */
export const UpdateNames = {
  pause: 'steadfast.pause.update',
  resume: 'steadfast.resume.update',
  cancel: 'steadfast.cancel.update',
  approve: 'steadfast.approve.update',
  reject: 'steadfast.reject.update',
} as const;

export const QueryNames = {
  status: 'steadfast.status',
  isInstructionCurrent: 'steadfast.isInstructionCurrent',
  /** Human-oriented view of every agent's health. */
  agentHealth: 'steadfast.agentHealth',
  /** Raw breakers of some agents, for orchestrations deciding where to dispatch. */
  agentBreakers: 'steadfast.agentBreakers',
} as const;

/** Activities the orchestrator worker registers for its own workflows (run as local activities). */
export const OrchestratorActivityNames = {
  describeAgents: 'steadfastDescribeAgents',
  runAutonomous: 'steadfastRunAutonomous',
  readAgentHealth: 'steadfastReadAgentHealth',
  reportAgentOutcome: 'steadfastReportAgentOutcome',
  exchangeAgentHealth: 'steadfastExchangeAgentHealth',
  describeStep: 'steadfastDescribeStep',
  reportAgentOutcomes: 'steadfastReportAgentOutcomes',
} as const;

/** Custom search attributes the orchestrator publishes when the request enables them. */
export const SearchAttributeNames = {
  status: 'SteadfastStatus',
  currentAgent: 'SteadfastCurrentAgent',
  fallbackCount: 'SteadfastFallbackCount',
  /** Tokens (in and out) of the orchestration's language-model calls so far. */
  llmTokens: 'SteadfastLlmTokens',
  /** Their cost in US dollars, from the agents' price tables. */
  llmCostUsd: 'SteadfastLlmCostUsd',
} as const;
