/** Public API of the worker side: orchestrator workers, agent pools, search-attribute registration, worker processes. */
export { createOrchestratorWorker } from './orchestrator-worker';
export type { OrchestratorWorkerOptions } from './orchestrator-worker';
export {
  bundleOrchestratorWorkflows,
  orchestratorWorkflowsPath,
  writeOrchestratorWorkflowBundle,
} from './orchestrator-workflows';
export { createAgentPoolWorkers } from './agent-pool-workers';
export type { AgentPool, AgentPoolOptions } from './agent-pool-workers';
export { concurrencyFor, selectPoolAgents } from './pool-sizing';
export { registerSteadfastSearchAttributes, STEADFAST_SEARCH_ATTRIBUTES } from './search-attributes';
export type { RegistrationLogger, SearchAttributeRegistration } from './search-attributes';
export { loadAgentsModule } from './agents-module';
export { runUntilShutdownSignal } from './run-until-shutdown-signal';
export type { Stoppable } from './run-until-shutdown-signal';
export { formatReadyLine, parseReadyLine } from './ready-line';
export type { WorkerProcessKind, WorkerProcessReady } from './ready-line';
export { startAgentPoolProcess, startOrchestratorWorkerProcess } from './worker-child-process';
export type { ChildExit, SpawnOptions, WorkerChildProcess } from './worker-child-process';
export { runOrchestratorWorkerProcess } from './orchestrator-process';
export { runAgentPoolProcess } from './agent-pool-process';
