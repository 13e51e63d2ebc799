/** Search attributes and memo as stored for visibility: payloads decoded to plain JSON values. */
import type { temporal, Relaxed } from '../proto/temporal-proto';

type Payload = Relaxed<temporal.api.common.v1.IPayload>;

function decodePayloadJson(payload: Payload): unknown {
  const data = payload.data ? Buffer.from(payload.data).toString('utf8') : '';
  if (data === '') return null;
  return JSON.parse(data);
}

function payloadType(payload: Payload): string | undefined {
  const raw = payload.metadata?.type;
  return raw ? Buffer.from(raw).toString('utf8') : undefined;
}

/** Decodes indexed fields; Datetime values become ms since epoch so they compare as numbers. */
export function decodeSearchAttributes(
  indexedFields: Record<string, Payload> | null | undefined,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, payload] of Object.entries(indexedFields ?? {})) {
    const value = decodePayloadJson(payload);
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    result[name] = payloadType(payload) === 'Datetime' && typeof value === 'string' ? Date.parse(value) : value;
  }
  return result;
}

/** Applies an upsert: attributes with empty values are removed, as Temporal does. */
export function mergeSearchAttributes(
  current: Record<string, unknown>,
  indexedFields: Record<string, Payload> | null | undefined,
): Record<string, unknown> {
  const merged = { ...current };
  for (const [name, payload] of Object.entries(indexedFields ?? {})) {
    const value = decodePayloadJson(payload);
    if (value === null || (Array.isArray(value) && value.length === 0)) delete merged[name];
  }
  return { ...merged, ...decodeSearchAttributes(indexedFields) };
}
