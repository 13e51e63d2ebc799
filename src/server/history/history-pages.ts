/** Reading history in pages, with page tokens that remember where the next page starts. */
import { history, type HistoryEvent, encodeMessage } from '../proto/temporal-proto';
import { invalidArgument } from '../errors/rpc-error';
import type { ServerContext } from './server-context';
import { EncodedHistory } from '../proto/encoded-history';

export interface HistoryPageToken {
  runId: string;
  nextEventId: number;
  /**
   * Last persisted event id of this read. A worker's poll fixes it (history may grow under the task);
   * absent, the read follows history to its current end.
   */
  lastEventId?: number;
  /** base64 encoded events that follow lastEventId but are not persisted (a transient workflow task). */
  tail?: string[];
}

export function encodePageToken(token: HistoryPageToken): Uint8Array {
  return Buffer.from(JSON.stringify(token), 'utf8');
}

export function decodePageToken(bytes: Uint8Array): HistoryPageToken {
  try {
    const token = JSON.parse(Buffer.from(bytes).toString('utf8')) as HistoryPageToken;
    if (typeof token.runId === 'string' && typeof token.nextEventId === 'number') return token;
  } catch {
    // reported below
  }
  throw invalidArgument('nextPageToken is malformed.');
}

export function encodeTail(events: HistoryEvent[]): string[] {
  return events.map((e) => Buffer.from(encodeMessage(history.HistoryEvent, e)).toString('base64'));
}

function tailBytes(tail: string[] | undefined): Buffer[] {
  return (tail ?? []).map((b64) => Buffer.from(b64, 'base64'));
}

export interface HistoryPage {
  /** The page's events as stored, ready to be sent as a response's History. */
  history: EncodedHistory;
  nextPageToken: Uint8Array;
}

/** One page of [token.nextEventId, lastEventId] and then the tail; an empty token when nothing is left. */
export function readHistoryPage(
  ctx: ServerContext,
  token: HistoryPageToken,
  lastEventId: number,
  pageSize: number,
): HistoryPage {
  const events = ctx.executions.readEncodedEvents(token.runId, token.nextEventId, lastEventId, pageSize);
  const nextEventId = token.nextEventId + events.length;
  if (nextEventId <= lastEventId) {
    return { history: new EncodedHistory(events), nextPageToken: encodePageToken({ ...token, nextEventId }) };
  }
  return { history: new EncodedHistory([...events, ...tailBytes(token.tail)]), nextPageToken: new Uint8Array() };
}
