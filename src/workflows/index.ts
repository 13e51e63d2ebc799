/** Entry point of the workflow bundle the orchestrator worker loads. */
export { orchestrate } from './orchestrate';
export { agentHealthRegistry } from './agent-health-registry';
export { llmConversation } from './llm-conversation';
export { recordedOrchestration } from './recorded-orchestration';
