/**
 * What worker processes read from the environment besides where Temporal is (temporal-profile.ts reads that, as
 * Temporal's tools do): request compression, worker concurrency, logs, metrics. One schema, parsed once at start;
 * each bad value is reported on its own line naming the variable.
 */
import { z } from 'zod';
import { DurationSchema } from './duration';
import { InvalidConfigError } from './parse-config';
import { zodIssueLines } from './format-zod-error';

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export const GRPC_COMPRESSIONS = ['gzip', 'none'] as const;
export type GrpcCompression = (typeof GRPC_COMPRESSIONS)[number];
export type LogLevelName = (typeof LOG_LEVELS)[number];

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `expected a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `expected a whole number from ${min} to ${max}`)
        .max(max, `expected a whole number from ${min} to ${max}`),
    );

/** Keys are the variable names, so zod's issue paths name the variable. */
export const WorkerEnvironmentSchema = z.object({
  /**
   * Compression of the workers' requests: `gzip` (the SDK's own default) or `none`. Unset: none for a server on this
   * machine reached without TLS (compressing over loopback only costs CPU on both ends), gzip otherwise.
   */
  TEMPORAL_GRPC_COMPRESSION: z
    .string()
    .toLowerCase()
    .pipe(z.enum(GRPC_COMPRESSIONS, { error: `expected one of ${GRPC_COMPRESSIONS.join(', ')}` }))
    .optional(),
  /** Instructions each agent of an agent pool runs at once, instead of the agent's own `concurrency`. */
  STEADFAST_AGENT_CONCURRENCY: wholeNumber(1, 10_000).optional(),
  /** Workflow tasks an orchestrator worker runs at once. */
  STEADFAST_ORCHESTRATOR_CONCURRENCY: wholeNumber(2, 10_000).optional(),
  STEADFAST_LOG_LEVEL: z
    .string()
    .toUpperCase()
    .pipe(z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }))
    .default('INFO'),
  /** Serves Prometheus metrics on this port (path /metrics); no endpoint when unset. */
  STEADFAST_METRICS_PORT: wholeNumber(1, 65_535).optional(),
  STEADFAST_METRICS_HOST: z.string().min(1).default('0.0.0.0'),
  /** How long a starting worker waits for the Temporal server to answer before giving up. */
  STEADFAST_CONNECT_TIMEOUT: DurationSchema.default(30_000),
});

export type WorkerEnvironmentVariables = z.output<typeof WorkerEnvironmentSchema>;

export interface WorkerEnvironment {
  /** Absent: chosen from the address (see TEMPORAL_GRPC_COMPRESSION). */
  readonly grpcCompression?: GrpcCompression;
  readonly agentConcurrency?: number;
  readonly orchestratorConcurrency?: number;
  readonly logLevel: LogLevelName;
  /** host:port the Prometheus endpoint binds to, when metrics are on. */
  readonly metricsBindAddress?: string;
  readonly connectTimeoutMs: number;
}

/** Throws InvalidConfigError('environment', ...) with one `NAME: problem (got "value")` line per bad variable. */
export function parseWorkerEnvironment(env: NodeJS.ProcessEnv = process.env): WorkerEnvironment {
  const input = relevantVariables(env);
  const result = WorkerEnvironmentSchema.safeParse(input);
  if (!result.success) {
    const lines = zodIssueLines(result.error, {
      field: (path) => (path[0] === undefined ? undefined : String(path[0])),
      root: '(environment)',
      given: (name) => input[name],
    });
    throw new InvalidConfigError('environment', lines);
  }
  return toWorkerEnvironment(result.data);
}

function toWorkerEnvironment(vars: WorkerEnvironmentVariables): WorkerEnvironment {
  return {
    ...(vars.TEMPORAL_GRPC_COMPRESSION !== undefined ? { grpcCompression: vars.TEMPORAL_GRPC_COMPRESSION } : {}),
    ...(vars.STEADFAST_AGENT_CONCURRENCY !== undefined ? { agentConcurrency: vars.STEADFAST_AGENT_CONCURRENCY } : {}),
    ...(vars.STEADFAST_ORCHESTRATOR_CONCURRENCY !== undefined
      ? { orchestratorConcurrency: vars.STEADFAST_ORCHESTRATOR_CONCURRENCY }
      : {}),
    logLevel: vars.STEADFAST_LOG_LEVEL,
    ...(vars.STEADFAST_METRICS_PORT !== undefined
      ? { metricsBindAddress: hostPort(vars.STEADFAST_METRICS_HOST, vars.STEADFAST_METRICS_PORT) }
      : {}),
    connectTimeoutMs: vars.STEADFAST_CONNECT_TIMEOUT,
  };
}

/** Only the variables of the schema, trimmed; an empty variable counts as unset, as shells and compose files make them. */
function relevantVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of Object.keys(WorkerEnvironmentSchema.shape)) {
    const value = env[name]?.trim();
    if (value) picked[name] = value;
  }
  return picked;
}

function hostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}
