/** Whether a failed call means the Temporal server could not be reached (as opposed to refusing the request). */
import type { Client } from '@temporalio/client';

const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;
const UNREACHABLE_CODES: ReadonlySet<number> = new Set([GRPC_CANCELLED, GRPC_DEADLINE_EXCEEDED, GRPC_UNAVAILABLE]);

/** The server did not accept the call within the time allowed. */
export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';
  constructor(
    readonly afterMs: number,
    cause?: unknown,
  ) {
    super(`the Temporal server did not answer within ${afterMs} ms`, { cause });
  }
}

export function isUnreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth += 1) {
    if (current instanceof ServerUnreachableError) return true;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'number' && UNREACHABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && /Failed to connect before the deadline|ECONNREFUSED|ECONNRESET/.test(message)) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Runs one call against the server, given `withinMs` to succeed: its gRPC deadline is set, and the wait is cut at that
 * time in any case. Rejects with ServerUnreachableError when the server could not be reached; other errors pass on.
 */
export async function callWithin<T>(
  client: Client,
  withinMs: number,
  call: () => Promise<T>,
  abandoned?: Set<Promise<unknown>>,
): Promise<T> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const cutOff = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new ServerUnreachableError(withinMs));
    }, withinMs);
  });
  const attempt = client.connection.withAbortSignal(abort.signal, () =>
    client.connection.withDeadline(Date.now() + withinMs, call),
  );
  // The cut-off may win the race; the abandoned call's rejection must not go unobserved. The SDK may still retry it on
  // a timer, so whoever closes the connection waits for it first (a retry on a closed channel throws uncaught).
  const settled = attempt.then(
    () => undefined,
    () => undefined,
  );
  abandoned?.add(settled);
  void settled.then(() => abandoned?.delete(settled));
  try {
    return await Promise.race([attempt, cutOff]);
  } catch (error) {
    if (!(error instanceof ServerUnreachableError) && isUnreachable(error))
      throw new ServerUnreachableError(withinMs, error);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
