/** Public API of the agent side: defining agents, the agent kinds (LLM agents among them), and the orchestrator worker's activities. */
export { defineAgent, createAgentActivity, isAgentDefinition } from './define-agent';
export type { AgentDefinition, AnyAgentDefinition, AgentOptions, AgentActivityOptions } from './define-agent';
export type { AgentContext, AgentHandler, ActivityRuntime } from './agent-context';
export type { AgentTask, AgentInstruction, AgentReply, InstructionIdentity } from '../orchestration/types';
export { stopAutomaticHeartbeats } from './agent-context';
export { executeAgentHandler } from './agent-activity';
export type { DispatchProbe } from './agent-activity';
export { createDispatchProbe } from './dispatch-probe';
export { httpAgent } from './http-agent';
export type { HttpAgentOptions } from './http-agent';
export { simulatedAgent } from './simulated-agent';
export type { SimulatedAgentOptions } from './simulated-agent';
export { createAgentCatalog, collectAgentDefinitions } from './agent-catalog';
export type { AgentCatalog } from './agent-catalog';
export { createOrchestratorActivities } from './orchestrator-activities';
export type { OrchestratorActivityDeps } from './orchestrator-activities';
export { llmAgent, llmTool, scriptedModel } from './llm';
export type {
  LlmAgentOptions,
  LlmToolOptions,
  ScriptedCall,
  ScriptedFault,
  ScriptedModelOptions,
  ScriptedToolCall,
  ScriptedTurn,
  SteadfastToolContext,
} from './llm';
export type { LlmUsage, ModelPrice } from '../orchestration/llm-usage';
export type { BudgetConfig, OrchestrationBudgetConfig } from '../orchestration/llm-allowance';
export type { ConversationResult } from '../orchestration/conversation-api';
