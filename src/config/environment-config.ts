/**
 * What worker processes read from the environment (containers configure them this way): where Temporal is and how
 * to reach it securely, worker concurrency, logs, metrics. One schema, parsed once at start; each bad value is
 * reported on its own line naming the variable.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { DurationSchema } from './duration';
import { InvalidConfigError } from './parse-config';
import { zodIssueLines } from './format-zod-error';
import { NamespaceSchema, TemporalAddressSchema } from './temporal-connection';

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export const GRPC_COMPRESSIONS = ['gzip', 'none'] as const;
export type GrpcCompression = (typeof GRPC_COMPRESSIONS)[number];
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Variables whose values are secrets: a bad one is named, its value never printed. */
const SECRET_VARIABLES = new Set(['TEMPORAL_API_KEY']);

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

const readableFile = (what: string) =>
  z.string().refine((file) => isReadableFile(file), `no readable ${what} file at this path`);

const flag = z
  .string()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0'], { error: 'expected true or false' }))
  .transform((value) => value === 'true' || value === '1');

/** Keys are the variable names, so zod's issue paths name the variable. */
export const WorkerEnvironmentSchema = z
  .object({
    TEMPORAL_ADDRESS: TemporalAddressSchema.optional(),
    TEMPORAL_NAMESPACE: NamespaceSchema.optional(),
    /** TLS without a client certificate (e.g. Temporal Cloud with an API key); implied by the variables below. */
    TEMPORAL_TLS: flag.optional(),
    /** Client certificate and key (PEM) for mutual TLS: a secured cluster or Temporal Cloud with certificates. */
    TEMPORAL_TLS_CERT: readableFile('certificate').optional(),
    TEMPORAL_TLS_KEY: readableFile('key').optional(),
    /** CA that signed the server's certificate, when it is not a public one. */
    TEMPORAL_TLS_CA: readableFile('CA certificate').optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    /** Temporal Cloud API key; sent as a bearer token over TLS. */
    TEMPORAL_API_KEY: z.string().regex(/^\S+$/, 'must not contain spaces or line breaks').optional(),
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
  })
  .superRefine((env, ctx) => {
    if (env.TEMPORAL_TLS_CERT !== undefined && env.TEMPORAL_TLS_KEY === undefined) {
      ctx.addIssue({ code: 'custom', path: ['TEMPORAL_TLS_KEY'], message: 'required when TEMPORAL_TLS_CERT is set' });
    }
    if (env.TEMPORAL_TLS_KEY !== undefined && env.TEMPORAL_TLS_CERT === undefined) {
      ctx.addIssue({ code: 'custom', path: ['TEMPORAL_TLS_CERT'], message: 'required when TEMPORAL_TLS_KEY is set' });
    }
    const wantsTls =
      env.TEMPORAL_TLS_CERT !== undefined || env.TEMPORAL_TLS_CA !== undefined || env.TEMPORAL_API_KEY !== undefined;
    if (env.TEMPORAL_TLS === false && wantsTls) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS'],
        message: 'is false, but TLS certificates or an API key are set; unset it or them',
      });
    }
  });

export type WorkerEnvironmentVariables = z.output<typeof WorkerEnvironmentSchema>;

export interface TlsSettings {
  /** PEM file paths; the files are read when connecting. */
  readonly clientCertPath?: string;
  readonly clientKeyPath?: string;
  readonly serverCaPath?: string;
  readonly serverName?: string;
}

export interface TemporalConnectionSettings {
  readonly address?: string;
  readonly namespace?: string;
  /** Absent: plain TCP (a local or in-cluster server). */
  readonly tls?: TlsSettings;
  readonly apiKey?: string;
  /** Absent: chosen from the address (see TEMPORAL_GRPC_COMPRESSION). */
  readonly grpcCompression?: GrpcCompression;
}

export interface WorkerEnvironment {
  readonly temporal: TemporalConnectionSettings;
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
      given: (name) => (SECRET_VARIABLES.has(name) ? undefined : input[name]),
    });
    throw new InvalidConfigError('environment', lines);
  }
  return toWorkerEnvironment(result.data);
}

function toWorkerEnvironment(vars: WorkerEnvironmentVariables): WorkerEnvironment {
  const tlsWanted =
    vars.TEMPORAL_TLS === true ||
    vars.TEMPORAL_TLS_CERT !== undefined ||
    vars.TEMPORAL_TLS_CA !== undefined ||
    vars.TEMPORAL_API_KEY !== undefined;
  const tls: TlsSettings = {
    ...(vars.TEMPORAL_TLS_CERT !== undefined ? { clientCertPath: vars.TEMPORAL_TLS_CERT } : {}),
    ...(vars.TEMPORAL_TLS_KEY !== undefined ? { clientKeyPath: vars.TEMPORAL_TLS_KEY } : {}),
    ...(vars.TEMPORAL_TLS_CA !== undefined ? { serverCaPath: vars.TEMPORAL_TLS_CA } : {}),
    ...(vars.TEMPORAL_TLS_SERVER_NAME !== undefined ? { serverName: vars.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
  return {
    temporal: {
      ...(vars.TEMPORAL_ADDRESS !== undefined ? { address: vars.TEMPORAL_ADDRESS } : {}),
      ...(vars.TEMPORAL_NAMESPACE !== undefined ? { namespace: vars.TEMPORAL_NAMESPACE } : {}),
      ...(tlsWanted ? { tls } : {}),
      ...(vars.TEMPORAL_API_KEY !== undefined ? { apiKey: vars.TEMPORAL_API_KEY } : {}),
      ...(vars.TEMPORAL_GRPC_COMPRESSION !== undefined ? { grpcCompression: vars.TEMPORAL_GRPC_COMPRESSION } : {}),
    },
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

function isReadableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
