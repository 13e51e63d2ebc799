/** `defineAgent`: validates an agent's options once and produces the definition workers and the catalog use. */
import { AgentDefinitionSchema, type AgentDefinitionInput } from '../config/agent-definition';
import { parseOrThrow } from '../config/parse-config';
import type { AgentPolicy } from '../orchestration/agent-policy';
import type { AgentInstruction, AgentReply } from '../orchestration/types';
import { executeAgentHandler, type DispatchProbe } from './agent-activity';
import type { ActivityRuntime, AgentHandler } from './agent-context';
import type { HeartbeatConfirmer } from './attempt-lease';
import type { LlmAgentRuntime } from './llm/llm-agent-runtime';

export interface AgentOptions<I = unknown, O = unknown> extends Omit<AgentDefinitionInput, 'handler' | 'autonomous'> {
  readonly handler: AgentHandler<I, O>;
  /** Degraded handler (rule-based, cached...) run on the orchestrator's side when the pool cannot answer. */
  readonly autonomous?: AgentHandler<I, O>;
}

const AGENT_DEFINITION = Symbol.for('steadfast.agentDefinition');

export interface AgentDefinition<I = unknown, O = unknown> {
  readonly [AGENT_DEFINITION]: true;
  readonly name: string;
  readonly taskQueue: string;
  readonly concurrency: number;
  readonly heartbeatFraction: number;
  readonly policy: AgentPolicy;
  readonly handler: AgentHandler<I, O>;
  readonly autonomous?: AgentHandler<I, O>;
  /** Set by llmAgent: the model, prompt and tools its pool runs model and tool calls with. */
  readonly llm?: LlmAgentRuntime;
}

/**
 * An agent of any input and output types, for collections of agents (worker options, catalogs): handlers are
 * contravariant in their input, so AgentDefinition<string, X> is not an AgentDefinition<unknown, X>.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the erasure this type exists for (see above)
export type AnyAgentDefinition = AgentDefinition<any, any>;

export interface AgentActivityOptions {
  /** Asks the orchestration whether a possibly overtaken instruction is still wanted. */
  readonly probe?: DispatchProbe;
  /** Confirms heartbeats with the server, so a pool cut off from it stops acting before its steps move elsewhere. */
  readonly confirmHeartbeat?: HeartbeatConfirmer;
  readonly runtime?: () => ActivityRuntime;
  readonly now?: () => number;
}

/** Throws InvalidConfigError naming each bad option, e.g. `agent "summarize": timeouts.heartbeat: ...`. */
export function defineAgent<I = unknown, O = unknown>(options: AgentOptions<I, O>): AgentDefinition<I, O> {
  const subject = typeof options?.name === 'string' ? `agent "${options.name}"` : 'agent definition';
  const config = parseOrThrow(AgentDefinitionSchema, options, subject);
  return {
    [AGENT_DEFINITION]: true,
    name: config.name,
    taskQueue: config.taskQueue,
    concurrency: config.concurrency,
    heartbeatFraction: config.heartbeatFraction,
    policy: { taskQueue: config.taskQueue, timeouts: config.timeouts, retry: config.retry, fallback: config.fallback },
    handler: options.handler,
    ...(options.autonomous ? { autonomous: options.autonomous } : {}),
  };
}

export function isAgentDefinition(value: unknown): value is AgentDefinition {
  return value !== null && typeof value === 'object' && (value as Record<symbol, unknown>)[AGENT_DEFINITION] === true;
}

/** The activity function a pool worker registers under the agent's name. */
export function createAgentActivity<I, O>(
  definition: AgentDefinition<I, O>,
  options: AgentActivityOptions = {},
): (instruction: AgentInstruction<I>) => Promise<AgentReply<O>> {
  return (instruction) =>
    executeAgentHandler(definition.handler, instruction, {
      heartbeatFraction: definition.heartbeatFraction,
      ...options,
    });
}
