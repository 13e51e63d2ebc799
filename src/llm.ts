/**
 * The `steadfast/llm` entry point: language-model agents (docs/llm-agents.md). Kept apart from the main entry point
 * because it loads the AI SDK, which ships ES modules only.
 */
export { llmAgent, llmTool, scriptedModel } from './activities/llm';
export type {
  LlmAgentOptions,
  LlmToolOptions,
  ScriptedCall,
  ScriptedFault,
  ScriptedModelOptions,
  ScriptedToolCall,
  ScriptedTurn,
  SteadfastToolContext,
} from './activities/llm';
export type { LlmUsage, ModelPrice } from './orchestration/llm-usage';
export type { BudgetConfig, OrchestrationBudgetConfig } from './orchestration/llm-allowance';
export type { ConversationResult } from './orchestration/conversation-api';
