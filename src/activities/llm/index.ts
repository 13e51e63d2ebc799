/** LLM agents: `llmAgent`, `llmTool`, the scripted model for offline runs, and the types users write against. */
export { llmAgent } from './llm-agent';
export type { LlmAgentOptions } from './llm-agent';
export { llmTool } from './llm-tool';
export type { LlmToolOptions } from './llm-tool';
export type { SteadfastToolContext } from './llm-agent-runtime';
export { scriptedModel } from './scripted-model';
export type {
  ScriptedCall,
  ScriptedFault,
  ScriptedModelOptions,
  ScriptedToolCall,
  ScriptedTurn,
} from './scripted-model';
export { classifyProviderError, retryAfter } from './provider-errors';
