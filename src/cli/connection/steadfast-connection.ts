/**
 * A SteadfastClient for one CLI command: the address from --address, $TEMPORAL_ADDRESS or the default, checked to
 * answer first, and a connection the command can put deadlines on (a query nobody answers must not hang the CLI).
 */
import { Client, Connection } from '@temporalio/client';
import { SteadfastClient } from '../../client/steadfast-client';
import { SteadfastClientConfigSchema } from '../../config/client-config';
import { parseOrThrow } from '../../config/parse-config';
import { isLoopbackAddress, payloadStorageConfig } from '../../config/payload-storage-config';
import { dataConverterWith, localPayloadStorage } from '../../payloads/payload-storage';
import { temporalEnvironment } from '../../config/temporal-connection';
import type { ConnectionFlags } from './connection-flags';
import { assertServerReachable, connectFailureReason, unreachable } from './server-reachability';

export interface CliConnectionOptions extends ConnectionFlags {
  readonly taskQueue?: string | undefined;
  readonly healthRegistryId?: string | undefined;
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
  const wanted = {
    address: options.address,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    healthRegistryId: options.healthRegistryId,
  };
  const { address, namespace, ...settings } = parseOrThrow(
    SteadfastClientConfigSchema,
    { ...temporalEnvironment(), ...definedOnly(wanted) },
    'client options',
  );
  await assertServerReachable(address);
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: CONNECT_TIMEOUT_MS });
  } catch (error) {
    throw unreachable(address, connectFailureReason(error));
  }
  // Results and inputs above the payload threshold are references: read them from the same store the workers use.
  const storage = payloadStorageConfig(process.env, isLoopbackAddress(address));
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
