/**
 * Whether a server answers at host:port, asked with a plain TCP connect before any gRPC client is built: a refused
 * connection is reported at once as one line, instead of after the client's connect timeout with a transport trace.
 */
import net from 'node:net';
import { CliError } from '../cli-error';

const PROBE_TIMEOUT_MS = 5_000;

export async function assertServerReachable(address: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<void> {
  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator).replace(/^\[(.*)\]$/, '$1');
  const port = Number(address.slice(separator + 1));
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host, port });
    const fail = (reason: string) => {
      socket.destroy();
      reject(unreachable(address, reason));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs / 1000}s`));
    socket.once('error', (error: NodeJS.ErrnoException) => fail(describeSocketError(error)));
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
  });
}

export function unreachable(address: string, reason: string): CliError {
  return new CliError(`cannot reach a Temporal server at ${address}: ${reason}`);
}

/** The innermost reason of a transport error, e.g. "Connection refused", instead of the Rust error chain. */
export function connectFailureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const reasons = [...message.matchAll(/(?:message|error): "([^"]+)"/g)].map((match) => match[1]);
  return reasons.at(-1) ?? message;
}

function describeSocketError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return error.message;
  }
}
