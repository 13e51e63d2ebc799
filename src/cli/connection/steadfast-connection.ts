/**
 * A SteadfastClient for one CLI command: where to connect from --address/--namespace, TEMPORAL_* variables and
 * Temporal's TOML profile (temporal-profile.ts), checked to answer first, and a connection the command can put
 * deadlines on (a query nobody answers must not hang the CLI).
 */
import { Client, Connection } from '@temporalio/client';
import { SteadfastClient } from '../../client/steadfast-client';
import { SteadfastClientOptionsSchema } from '../../config/client-config';
import { parseOrThrow } from '../../config/parse-config';
import { isLoopbackAddress, payloadStorageConfig } from '../../config/payload-storage-config';
import { dataConverterWith, localPayloadStorage } from '../../payloads/payload-storage';
import { resolveTemporalConnection, temporalConnectOptions } from '../../config/temporal-profile';
import { probeTls } from '../../workers/tls-probe';
import { CliError } from '../cli-error';
import type { ConnectionFlags } from './connection-flags';
import { assertServerReachable, connectFailureReason, unreachable } from './server-reachability';

export interface CliConnectionOptions extends ConnectionFlags {
  readonly taskQueue?: string | undefined;
  readonly healthRegistryId?: string | undefined;
  /** Where TEMPORAL_* variables are read; process.env unless given (the demo's embedded server gives its own). */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

export interface CliConnection {
  readonly address: string;
  readonly namespace: string;
  readonly client: SteadfastClient;
  /** Runs `call` with a gRPC deadline `timeoutMs` from now. */
  withTimeout<T>(timeoutMs: number, call: () => Promise<T>): Promise<T>;
  /**
   * Runs `call` so that aborting `signal` cancels its RPCs. Cancel long polls before close(): a call cut off by
   * closing is retried by the SDK on a timer, which then throws on the closed channel.
   */
  withAbortSignal<T>(signal: AbortSignal, call: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5_000;

export async function connectSteadfast(options: CliConnectionOptions): Promise<CliConnection> {
  // Commands pass their whole flag set; only the connection settings are taken from it.
  const temporal = resolveTemporalConnection(options.env ?? process.env, {
    address: options.address,
    namespace: options.namespace,
  });
  const { address, namespace } = temporal;
  const settings = parseOrThrow(
    SteadfastClientOptionsSchema,
    definedOnly({ taskQueue: options.taskQueue, healthRegistryId: options.healthRegistryId }),
    'client options',
  );
  await assertServerReachable(address);
  if (temporal.tls) {
    const probe = await probeTls(temporal);
    if (probe.kind !== 'ok')
      throw new CliError(`cannot reach a Temporal server at ${address} over TLS: ${probe.reason}`);
  }
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...temporalConnectOptions(temporal), connectTimeout: CONNECT_TIMEOUT_MS });
  } catch (error) {
    throw unreachable(address, connectFailureReason(error));
  }
  // Results and inputs above the payload threshold are references: read them from the same store the workers use.
  const storage = payloadStorageConfig(options.env ?? process.env, isLoopbackAddress(address));
  const client = SteadfastClient.fromClient(
    new Client({ connection, namespace, ...dataConverterWith(storage ? localPayloadStorage(storage) : undefined) }),
    settings,
  );
  return {
    address,
    namespace,
    client,
    withTimeout: (timeoutMs, call) => connection.withDeadline(Date.now() + timeoutMs, call),
    withAbortSignal: (signal, call) => connection.withAbortSignal(signal, call),
    close: () => connection.close(),
  };
}

/** Runs `body` with a connection and always closes it. */
export async function withSteadfast<T>(
  options: CliConnectionOptions,
  body: (connection: CliConnection) => Promise<T>,
): Promise<T> {
  const connection = await connectSteadfast(options);
  try {
    return await body(connection);
  } finally {
    await connection.close();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
