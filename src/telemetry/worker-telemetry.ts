/**
 * Installs the Temporal runtime of a worker process with Steadfast's telemetry: JSON log lines for everything the
 * SDK and Core log, and, when a bind address is given, one Prometheus endpoint (/metrics) serving the SDK's runtime
 * metrics together with Steadfast's own (they are recorded on the same runtime meter).
 */
import { IllegalStateError, Runtime, makeTelemetryFilterString, type Logger } from '@temporalio/worker';
import type { LogLevelName } from '../config/environment-config';
import { JsonLinesLogger } from './json-logger';
import { SteadfastMetrics } from './steadfast-metrics';

export type WorkerKind = 'orchestrator' | 'agents';

/** An agent pool runs activities only, so the SDK's warning about it registering no workflows says nothing. */
const EXPECTED_SDK_WARNINGS: Readonly<Record<WorkerKind, readonly string[]>> = {
  orchestrator: [],
  agents: ['No workflows registered, not polling for workflow tasks'],
};

export interface WorkerTelemetryOptions {
  readonly kind: WorkerKind;
  readonly logLevel: LogLevelName;
  /** host:port for the Prometheus endpoint; no endpoint when absent. */
  readonly metricsBindAddress?: string;
  /** Where log lines go; stderr by default. */
  readonly write?: (line: string) => void;
}

export interface WorkerTelemetry {
  readonly logger: Logger;
  /** Sets steadfast_worker_polling, which the container health check reads. */
  setPolling(polling: boolean): void;
}

/**
 * Call once per process, before the first connection or worker is created: the runtime is a process-wide
 * singleton, and one that already exists (installed elsewhere) keeps its own logger and exporter.
 */
export function installWorkerTelemetry(options: WorkerTelemetryOptions): WorkerTelemetry {
  const logger = new JsonLinesLogger({
    level: options.logLevel,
    process: options.kind,
    expected: EXPECTED_SDK_WARNINGS[options.kind],
    ...(options.write ? { write: options.write } : {}),
  });
  const runtime = installOrReuse(logger, options);
  const polling = runtime.metricMeter.createGauge(
    SteadfastMetrics.workerPolling.name,
    'int',
    '',
    SteadfastMetrics.workerPolling.description,
  );
  polling.set(0, { kind: options.kind });
  return {
    logger,
    setPolling: (value) => polling.set(value ? 1 : 0, { kind: options.kind }),
  };
}

function installOrReuse(logger: Logger, options: WorkerTelemetryOptions): Runtime {
  // Runtime has no public "is installed" test; instance() would install a default one, so install is tried first.
  try {
    return Runtime.install({
      logger,
      telemetryOptions: {
        // Core's own lines (connections, pollers) go through the same JSON logger instead of straight to the console.
        logging: { forward: {}, filter: makeTelemetryFilterString({ core: options.logLevel, other: 'WARN' }) },
        ...(options.metricsBindAddress !== undefined
          ? { metrics: { prometheus: { bindAddress: options.metricsBindAddress } } }
          : {}),
      },
      // The process handles SIGINT and SIGTERM itself (graceful shutdown, then exit).
      shutdownSignals: [],
    });
  } catch (error) {
    if (!(error instanceof IllegalStateError)) throw error;
    if (options.metricsBindAddress !== undefined) {
      logger.warn('the Temporal runtime was installed before the worker started; no metrics endpoint is served', {
        metricsBindAddress: options.metricsBindAddress,
      });
    }
    return Runtime.instance();
  }
}
