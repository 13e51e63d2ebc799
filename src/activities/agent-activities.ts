/** Every activity a pool registers for one agent: the agent's own, plus the model and tool calls of an LLM agent. */
import type { AgentActivityOptions, AnyAgentDefinition } from './define-agent';
import { createAgentActivity } from './define-agent';
import { modelActivityName, toolActivityName } from '../orchestration/conversation-api';
import type * as ModelCallActivity from './llm/model-call-activity';
import { createToolCallActivity } from './llm/tool-call-activity';

export type ActivityFunction = (...args: never[]) => Promise<unknown>;

export function agentActivities(
  definition: AnyAgentDefinition,
  options: AgentActivityOptions = {},
): Record<string, ActivityFunction> {
  const activities: Record<string, ActivityFunction> = {
    [definition.name]: createAgentActivity(definition, options) as ActivityFunction,
  };
  const llm = definition.llm;
  if (llm) {
    // Loaded only for LLM agents: it loads the AI SDK (ES modules only), which a pool of plain agents never needs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createModelCallActivity } = require('./llm/model-call-activity') as typeof ModelCallActivity;
    activities[modelActivityName(definition.name)] = createModelCallActivity(definition.name, llm) as ActivityFunction;
    for (const [name, tool] of Object.entries(llm.tools)) {
      activities[toolActivityName(definition.name, name)] = createToolCallActivity(
        definition.name,
        name,
        tool,
      ) as ActivityFunction;
    }
  }
  return activities;
}
