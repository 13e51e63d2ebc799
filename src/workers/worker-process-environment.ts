/**
 * What both worker processes do before they create workers: read the environment, install telemetry, and connect
 * to Temporal once it answers, logging each wait.
 */
import type { NativeConnection } from '@temporalio/worker';
import type { WorkerEnvironment } from '../config/environment-config';
import type { TemporalConnectionSettings } from '../config/temporal-profile';
import type { WorkerTelemetry } from '../telemetry/worker-telemetry';
import { connectWorkerWhenReady, type TemporalEndpoint } from './temporal-connections';

/** Flag values the environment supplies; flags given on the command line win over them. */
export function environmentFlagDefaults(
  environment: WorkerEnvironment,
  kind: 'orchestrator' | 'agents',
): Record<string, string | number> {
  const defaults: Record<string, string | number> = {};
  if (kind === 'agents' && environment.agentConcurrency !== undefined)
    defaults.concurrency = environment.agentConcurrency;
  if (kind === 'orchestrator' && environment.orchestratorConcurrency !== undefined) {
    defaults.maxConcurrentWorkflowTaskExecutions = environment.orchestratorConcurrency;
  }
  return defaults;
}

/** Where to connect (flags over TEMPORAL_* variables over the TOML profile), with the environment's compression. */
export function temporalEndpoint(
  settings: TemporalConnectionSettings,
  environment: WorkerEnvironment,
): TemporalEndpoint {
  const { grpcCompression } = environment;
  return { settings, ...(grpcCompression !== undefined ? { grpcCompression } : {}) };
}

export function connectWhenServerAnswers(
  endpoint: TemporalEndpoint,
  environment: WorkerEnvironment,
  telemetry: WorkerTelemetry,
): Promise<NativeConnection> {
  return connectWorkerWhenReady(endpoint, {
    timeoutMs: environment.connectTimeoutMs,
    onRetry: (reason, attempt, retryInMs) =>
      telemetry.logger.warn(`waiting for the Temporal server at ${endpoint.settings.address}: ${reason}`, {
        attempt,
        retryInMs,
        givesUpAfterMs: environment.connectTimeoutMs,
      }),
  });
}
