/** Shared vocabulary of the orchestration core: plain data types used by workflows, activities and the client. */
import type { StepConversationStats } from './conversation-api';
import type { LlmUsage } from './llm-usage';

/** Lifecycle of one step in an orchestration. */
export type StepState = 'pending' | 'running' | 'awaiting_approval' | 'succeeded' | 'skipped' | 'failed' | 'cancelled';

export type StepKind = 'agent' | 'approval' | 'router';

/** The branch of a fallback chain an attempt ran on. */
export type BranchMode = 'primary' | 'alternate' | 'autonomous';

/** How a step ended up being settled. */
export type StepMode = BranchMode | 'skipped' | 'approval';

/** Why a branch was abandoned (or never tried), recorded on the step. */
export type FallbackReason =
  | 'no_agent_reachable'
  | 'agent_hung'
  | 'retries_exhausted'
  | 'circuit_open'
  | 'timed_out'
  | 'agent_rejected'
  | 'stale_instruction'
  | 'invalid_result'
  | 'no_autonomous_handler'
  /** A language-model budget (tokens, calls, cost, wall time) would be exceeded by the next model call. */
  | 'budget_exhausted'
  /** A conversation called the same tool with the same arguments too often. */
  | 'tool_loop'
  /** A conversation reached its maxTurns without an answer. */
  | 'max_turns'
  /** The client could not reach the Temporal server, so the step ran at the edge (src/client/edge). */
  | 'coordinator_unreachable'
  | 'cancelled'
  | 'unknown';

/** One branch of a step's fallback chain that was tried or bypassed. */
export interface BranchAttempt {
  readonly dispatch: number;
  readonly mode: BranchMode;
  readonly agent: string;
  outcome: 'running' | 'succeeded' | 'failed' | 'bypassed';
  reason?: FallbackReason;
  error?: string;
  /** Earlier attempts of this branch that were abandoned before the one that ended it, and why (oldest first). */
  earlierAttempts?: { readonly reason: FallbackReason; readonly error: string }[];
  /** Activity attempts the agent reported (known only on success). */
  agentAttempts?: number;
  startedAt: number;
  endedAt?: number;
}

/** Everything the orchestration knows about one step; it is workflow state and survives continue-as-new. */
export interface StepRecord {
  readonly id: string;
  readonly kind: StepKind;
  /** Primary agent (for approval steps: the literal "approval"). */
  readonly agent: string;
  readonly dependsOn: readonly string[];
  readonly input?: unknown;
  state: StepState;
  mode?: StepMode;
  branches: BranchAttempt[];
  /** Why the primary branch was abandoned, if it was. */
  fallbackReason?: FallbackReason;
  result?: unknown;
  error?: string;
  startedAt?: number;
  endedAt?: number;
  /** Approval steps: absolute time at which the approval wait times out. */
  approvalExpiresAt?: number;
  /** Approval steps: the dependency whose result is to be approved (default: every dependency's result). */
  readonly summaryFrom?: string;
  /** LLM agent steps: what their conversations used, every branch included. */
  usage?: LlmUsage;
  /** LLM agent steps: turns, calls and failed model-call attempts by classification, every branch included. */
  conversation?: StepConversationStats;
}

/** What an agent handler receives as its first argument. */
export interface AgentTask<I = unknown> {
  readonly goal: string;
  readonly input: I;
  /** Results of the step's dependencies (plan) or of the steps so far (router), by step id. */
  readonly results: Readonly<Record<string, unknown>>;
}

/** Who an instruction is for and how long it is valid; carried with every dispatch. */
export interface InstructionIdentity {
  readonly orchestrationId: string;
  readonly stepId: string;
  /** Sequence number of the branch dispatch within the step (0 for the first). */
  readonly dispatch: number;
  readonly agent: string;
  readonly mode: BranchMode;
  /** Same for every attempt of one step, across retries and fallback branches. */
  readonly idempotencyKey: string;
  /** Epoch milliseconds after which the instruction is stale. */
  readonly deadline: number;
}

/** The single argument of every agent activity. */
export interface AgentInstruction<I = unknown> {
  readonly identity: InstructionIdentity;
  readonly task: AgentTask<I>;
}

/** What every agent activity returns: the handler's output plus facts the orchestrator records. */
export interface AgentReply<O = unknown> {
  readonly output: O;
  readonly attempt: number;
  readonly agent: string;
}

export type OrchestrationMode = 'plan' | 'router';

/**
 * How an orchestration stands. The workflow itself only ever reaches the first five; 'terminated' and 'timed_out'
 * are what Temporal reports when the execution was ended from outside, and they win over the workflow's own view.
 */
export type OrchestrationPhase =
  'running' | 'paused' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed_out';

/** What `list` and the SteadfastStatus search attribute show: a phase, or a running orchestration waiting for a person. */
export type OrchestrationListStatus = OrchestrationPhase | 'awaiting_approval';

/** A human decision on an approval step. */
export interface ApprovalDecision {
  readonly approved: boolean;
  readonly by?: string;
  readonly comment?: string;
  readonly at: number;
  /** True when the decision was made by the approval timeout, not a person. */
  readonly timedOut?: boolean;
}
