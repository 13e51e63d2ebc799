/** The workflow code an orchestrator worker runs: src/workflows, bundled at worker start or prebuilt once. */
import fs from 'node:fs/promises';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { steadfastFailureConverterPath } from '../payloads/payload-storage';

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** src/workflows/index.ts under a TypeScript loader, dist/src/workflows/index.js once compiled. */
export function orchestratorWorkflowsPath(): string {
  return require.resolve('../workflows/index');
}

/** Steadfast's workflow interceptors (branch metrics), bundled with the workflows. */
export function orchestratorWorkflowInterceptorModules(): string[] {
  return [require.resolve('../telemetry/workflow-interceptors')];
}

/**
 * Bundling takes seconds; build once and pass the result to every worker of a process (or write it to a file).
 * The bundle carries Steadfast's failure converter, as a worker bundling from source does (dataConverterWith).
 */
export async function bundleOrchestratorWorkflows(): Promise<WorkflowBundle> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: orchestratorWorkflowsPath(),
    workflowInterceptorModules: orchestratorWorkflowInterceptorModules(),
    failureConverterPath: steadfastFailureConverterPath(),
    logger: silent,
  });
  return { code };
}

/** Writes a prebuilt bundle that orchestrator processes load with `--workflow-bundle <file>`. */
export async function writeOrchestratorWorkflowBundle(file: string): Promise<void> {
  const { code } = await bundleOrchestratorWorkflows();
  await fs.writeFile(file, code);
}
