/**
 * Steadfast's own metrics, served next to the Temporal SDK's on a worker's Prometheus endpoint. Names, label sets
 * and encodings live here, free of Node imports, because the workflow-side interceptor uses them too.
 */
import type { CircuitState } from '../orchestration/circuit-breaker';

export interface MetricSpec {
  readonly name: string;
  readonly description: string;
}

export const SteadfastMetrics = {
  /** Labels: agent, mode (primary | alternate | autonomous). */
  steps: {
    name: 'steadfast_steps_total',
    description: 'Agent steps answered, by the agent and the fallback-chain branch (mode) that answered',
  },
  /** Labels: agent, mode, reason (a FallbackReason such as agent_hung or retries_exhausted). */
  fallbacks: {
    name: 'steadfast_fallbacks_total',
    description: 'Fallback-chain branches abandoned, by agent, mode and reason; the step moves on to its next branch',
  },
  /** Labels: agent. Value: see CIRCUIT_STATE_VALUES. */
  circuitState: {
    name: 'steadfast_circuit_state',
    description: 'Circuit breaker of each agent as orchestrations last read it: 0 closed, 1 half-open, 2 open',
  },
  /** Labels: agent, model, direction (input | output). Counted by the pool for every model-call attempt. */
  llmTokens: {
    name: 'steadfast_llm_tokens_total',
    description:
      'Tokens of language-model calls, by agent, model and direction (partial usage of failed attempts included)',
  },
  /** Labels: agent, model, outcome (ok, or the failure classification such as LlmRateLimited). */
  llmCalls: {
    name: 'steadfast_llm_calls_total',
    description: 'Language-model call attempts, by agent, model and outcome',
  },
  /** Labels: agent, model. Millionths of a US dollar, from the agent's price table. */
  llmCost: {
    name: 'steadfast_llm_cost_microusd_total',
    description: 'Cost of language-model calls in millionths of a US dollar, by agent and model',
  },
  /** Labels: mode (autonomous | expired), reason (coordinator_unreachable | stale_instruction). */
  edgeOrchestrations: {
    name: 'steadfast_edge_orchestrations_total',
    description:
      'Requests decided at the edge while the server was unreachable, counted when recorded on the server; by mode and reason',
  },
  /** Labels: kind (orchestrator | agents). The container health check reads it. */
  workerPolling: {
    name: 'steadfast_worker_polling',
    description: '1 while this process polls its task queues, 0 before and during shutdown',
  },
} as const satisfies Record<string, MetricSpec>;

export const CIRCUIT_STATE_VALUES: Readonly<Record<CircuitState, number>> = { closed: 0, half_open: 1, open: 2 };
