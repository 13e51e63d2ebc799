/**
 * How worker processes reach Temporal: plain TCP, TLS (certificates read from the configured files) or a Temporal
 * Cloud API key; and waiting for a server that is still starting (containers start together) instead of crashing.
 */
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { GrpcCompression } from '../config/environment-config';
import { temporalConnectOptions, type TemporalConnectionSettings } from '../config/temporal-profile';
import { probeTls } from './tls-probe';

export interface TemporalEndpoint {
  /** From temporal-profile.ts: flags, TEMPORAL_* variables and the TOML profile. */
  readonly settings: TemporalConnectionSettings;
  /** Of the workers' requests; absent: none for a loopback address without TLS, gzip otherwise. */
  readonly grpcCompression?: GrpcCompression;
}

export interface WaitForServerOptions {
  /** Give up once the server has not answered for this long (0: try once). */
  readonly timeoutMs: number;
  /** Told about each failed attempt, with the reason and the delay before the next one. */
  readonly onRetry?: (reason: string, attempt: number, retryInMs: number) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

/** The worker-side (native) connection, retried with backoff until the server answers or the timeout passes. */
export async function connectWorkerWhenReady(
  endpoint: TemporalEndpoint,
  options: WaitForServerOptions,
): Promise<NativeConnection> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + options.timeoutMs;
  let delay = FIRST_RETRY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect({
        ...temporalConnectOptions(endpoint.settings),
        grpcCompression: { codec: workerCompression(endpoint) },
      });
    } catch (error) {
      // Asked after the SDK failed, not before: the SDK's runtime must see its connection attempt end to shut down.
      if (endpoint.settings.tls) await assertTlsFits(endpoint);
      const reason = describeConnectFailure(error);
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`cannot reach a Temporal server at ${endpoint.settings.address}: ${reason}`, { cause: error });
      }
      const wait = Math.min(delay, remaining);
      options.onRetry?.(reason, attempt, wait);
      await sleep(wait);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }
}

/** TLS settings the server refuses: said at once in one line, not retried until the connect timeout. */
export class TlsMisconfiguredError extends Error {
  override readonly name = 'TlsMisconfiguredError';
}

/** Throws when the TLS settings do not fit the server (the SDK only says the connection failed); else returns. */
async function assertTlsFits(endpoint: TemporalEndpoint): Promise<void> {
  const probe = await probeTls(endpoint.settings);
  if (probe.kind === 'misconfigured') {
    throw new TlsMisconfiguredError(
      `cannot reach a Temporal server at ${endpoint.settings.address} over TLS: ${probe.reason}`,
    );
  }
}

/**
 * The worker SDK gzips every request unless told otherwise. Over loopback that buys nothing and costs CPU on both ends
 * (about 2 ms of server CPU per orchestration step here), so a server on this machine reached without TLS gets them plain.
 */
export function workerCompression(endpoint: TemporalEndpoint): GrpcCompression {
  if (endpoint.grpcCompression !== undefined) return endpoint.grpcCompression;
  return !endpoint.settings.tls && isLoopbackAddress(endpoint.settings.address) ? 'none' : 'gzip';
}

function isLoopbackAddress(address: string): boolean {
  const host = address
    .slice(0, address.lastIndexOf(':'))
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A regular client connection (queries from agents, the orchestrator's registry access), same security settings. */
export function connectClient(endpoint: TemporalEndpoint): Promise<Connection> {
  return Connection.connect(temporalConnectOptions(endpoint.settings));
}

/** The innermost reason of a transport error, e.g. "Connection refused", instead of the whole Rust error chain. */
export function describeConnectFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const reasons = [...message.matchAll(/(?:message|error): "([^"]+)"/g)].map((match) => match[1]);
  return reasons.at(-1) ?? message;
}
