/** Task tokens: opaque to workers, here a small JSON naming the task they answer. */
import { invalidArgument } from '../errors/rpc-error';

export type TaskToken =
  | { kind: 'workflow'; namespace: string; runId: string; stamp: number; attempt: number }
  | { kind: 'activity'; namespace: string; runId: string; scheduledEventId: number; stamp: number; attempt: number }
  | { kind: 'query'; namespace: string; queryId: string };

export function encodeTaskToken(token: TaskToken): Uint8Array {
  return Buffer.from(JSON.stringify(token), 'utf8');
}

export function decodeTaskToken(bytes: Uint8Array | null | undefined): TaskToken {
  if (!bytes || bytes.length === 0) throw invalidArgument('taskToken is not set on request.');
  try {
    const token = JSON.parse(Buffer.from(bytes).toString('utf8')) as TaskToken;
    if (token && typeof token === 'object' && typeof token.kind === 'string') return token;
  } catch {
    // fall through to the error below
  }
  throw invalidArgument('taskToken is malformed: it was not issued by this server.');
}
