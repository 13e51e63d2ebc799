/** How the orchestrator dispatches to an agent (timeouts, retries, fallback), and per-step overrides of it. */
import type { FallbackPolicy } from './fallback-chain';
import type { BudgetConfig } from './llm-allowance';
import type { LlmPolicy } from './llm-policy';

/** All durations in milliseconds. */
export interface AgentTimeouts {
  /** Longest wait for a worker to pick the instruction up; exceeding it means no agent is reachable. */
  readonly scheduleToStart: number;
  readonly startToClose: number;
  /** Longest silence from a running agent before it is considered hung. */
  readonly heartbeat: number;
  /** Overall budget across retries; derived from the others when absent. */
  readonly scheduleToClose?: number | undefined;
}

export interface AgentRetry {
  readonly maxAttempts: number;
  readonly initialInterval: number;
  readonly backoffCoefficient: number;
  readonly maxInterval: number;
  readonly nonRetryableErrorTypes: readonly string[];
}

export interface AgentPolicy {
  readonly taskQueue: string;
  readonly timeouts: AgentTimeouts;
  readonly retry: AgentRetry;
  readonly fallback: FallbackPolicy;
  /** Set for LLM agents: their steps run as durable conversations (llm-conversation). */
  readonly llm?: LlmPolicy;
}

/** Fields a step may set; one left out or `undefined` keeps the agent's value. */
export type Override<T> = { readonly [K in keyof T]?: T[K] | undefined };

export interface StepPolicyOverrides {
  readonly timeouts?: Override<AgentTimeouts> | undefined;
  readonly retry?: Override<AgentRetry> | undefined;
  readonly fallback?: Override<FallbackPolicy> | undefined;
  /** Language-model budget of the step; ignored by agents that are not LLM agents. */
  readonly budget?: BudgetConfig | undefined;
}

/** Step settings win over the agent's own; unspecified fields keep the agent's values. */
export function resolveStepPolicy(agent: AgentPolicy, overrides: StepPolicyOverrides | undefined): AgentPolicy {
  if (!overrides) return agent;
  return {
    taskQueue: agent.taskQueue,
    timeouts: { ...agent.timeouts, ...definedOnly(overrides.timeouts) },
    retry: { ...agent.retry, ...definedOnly(overrides.retry) },
    fallback: { ...agent.fallback, ...definedOnly(overrides.fallback) },
    ...(agent.llm ? { llm: agent.llm } : {}),
  };
}

function definedOnly<T extends object>(value: Override<T> | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
