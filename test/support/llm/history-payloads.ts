/** What a history holds in payloads: how many bytes, and which payloads are External Storage references. */
import { temporal } from '@temporalio/proto';
import type { HistoryEvent } from '../history-checks';

interface PayloadLike {
  readonly metadata?: Record<string, Uint8Array> | null;
  readonly data?: Uint8Array | null;
}

/** Bytes of the history as the server stores and sends it (protobuf). */
export function historyBytes(events: readonly HistoryEvent[]): number {
  return temporal.api.history.v1.History.encode({ events: [...events] }).finish().length;
}

export function payloadsOf(events: readonly HistoryEvent[]): PayloadLike[] {
  const found: PayloadLike[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 30 || value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
    const record = value as Record<string, unknown>;
    if (record.data instanceof Uint8Array && record.metadata !== null && typeof record.metadata === 'object') {
      found.push(record as PayloadLike);
      return;
    }
    for (const child of Object.values(record)) visit(child, depth + 1);
  };
  for (const event of events) visit(event, 0);
  return found;
}

export function isReference(payload: PayloadLike): boolean {
  const type = payload.metadata?.messageType;
  return type !== undefined && Buffer.from(type).toString() === 'temporal.api.sdk.v1.ExternalStorageReference';
}

/** The largest payload kept inline in the history, in bytes. */
export function largestInlinePayload(events: readonly HistoryEvent[]): number {
  return Math.max(
    0,
    ...payloadsOf(events)
      .filter((p) => !isReference(p))
      .map((p) => p.data?.length ?? 0),
  );
}
