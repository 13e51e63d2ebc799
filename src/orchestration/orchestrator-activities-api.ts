/**
 * Contract between the orchestrator workflows and the activities the orchestrator worker runs for them
 * (as local activities). Types only, so workflows can use it without importing activity code.
 */
import type { AgentPolicy, StepPolicyOverrides } from './agent-policy';
import type { AgentOutcomeReport, HealthRegistrySettings, HealthRegistryState, HealthSnapshot } from './agent-health';
import type { AgentInstruction, AgentReply } from './types';

export interface DescribedAgents {
  /** Dispatch policy of each requested agent (defaults for agents this worker does not know). */
  readonly policies: Readonly<Record<string, AgentPolicy>>;
  /** Requested agents that have an autonomous handler registered on this worker. */
  readonly withAutonomous: readonly string[];
}

export interface ReadAgentHealthInput {
  readonly registryId: string;
  readonly agents: readonly string[];
}

export interface ReportAgentOutcomeInput {
  readonly registryId: string;
  readonly report: AgentOutcomeReport;
}

/** Hands over outcomes not yet reported and reads breakers, in one local activity. */
export interface ExchangeAgentHealthInput {
  readonly registryId: string;
  readonly agents: readonly string[];
  readonly reports: readonly AgentOutcomeReport[];
}

export interface ExchangedAgentHealth {
  /** Null when the registry is not running yet (every agent is then assumed healthy). */
  readonly snapshot: HealthSnapshot | null;
  /** How long the orchestration may reuse the snapshot before asking again (the worker's setting). */
  readonly maxAgeMs: number;
}

/**
 * What the first dispatch of a step needs, in one local activity: the policies of its agent and of the agents its
 * fallback chain names (step-chain), and with `health` the circuits the chain's dispatches consult.
 */
export interface DescribeStepInput {
  readonly agent: string;
  /** The step's fallback override: it may name other alternates than the agent's own policy. */
  readonly fallback?: StepPolicyOverrides['fallback'];
  /** Set when the orchestration consults the registry: the exchange's reports, handed over as it reads. */
  readonly health?: { readonly registryId: string; readonly reports: readonly AgentOutcomeReport[] };
}

/** Health is advisory: a registry that could not be read leaves the policies, with why. */
export type DescribedStepHealth =
  | { readonly agents: readonly string[]; readonly exchanged: ExchangedAgentHealth }
  | { readonly agents: readonly string[]; readonly unavailable: string };

export interface DescribedStep extends DescribedAgents {
  /** Present when the input asked for health. */
  readonly health?: DescribedStepHealth;
}

export interface ReportAgentOutcomesInput {
  readonly registryId: string;
  readonly reports: readonly AgentOutcomeReport[];
}

export interface OrchestratorActivities {
  steadfastDescribeAgents(agents: readonly string[]): Promise<DescribedAgents>;
  /** Runs an agent's autonomous handler on the orchestrator's side. */
  steadfastRunAutonomous(instruction: AgentInstruction): Promise<AgentReply>;
  /** Null when the registry is not running yet (every agent is then assumed healthy). */
  steadfastReadAgentHealth(input: ReadAgentHealthInput): Promise<HealthSnapshot | null>;
  /** Signals the registry, starting it if needed. */
  steadfastReportAgentOutcome(input: ReportAgentOutcomeInput): Promise<void>;
  steadfastExchangeAgentHealth(input: ExchangeAgentHealthInput): Promise<ExchangedAgentHealth>;
  steadfastDescribeStep(input: DescribeStepInput): Promise<DescribedStep>;
  /** Resolves once any failure among the reports has reached the registry; successes are batched. */
  steadfastReportAgentOutcomes(input: ReportAgentOutcomesInput): Promise<void>;
}

/** Argument of the agent-health registry workflow; `state` is set when it continues as new. */
export interface HealthRegistryInput {
  readonly settings: HealthRegistrySettings;
  readonly continueAsNewAfterEvents: number;
  readonly state?: HealthRegistryState;
}
