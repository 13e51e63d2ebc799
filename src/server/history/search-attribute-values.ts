/** Search attributes as stored for visibility: payloads decoded to plain JSON values that list filters compare. */
import type { temporal, Relaxed } from '../proto/temporal-proto';

type Payload = Relaxed<temporal.api.common.v1.IPayload>;
/** The registered type of an attribute, when known. */
export type AttributeTypeLookup = (name: string) => string | undefined;

function decodePayloadJson(payload: Payload): unknown {
  const data = payload.data ? Buffer.from(payload.data).toString('utf8') : '';
  if (data === '') return null;
  return JSON.parse(data);
}

function payloadType(payload: Payload): string | undefined {
  const raw = payload.metadata?.type;
  return raw ? Buffer.from(raw).toString('utf8') : undefined;
}

/** Null for an empty value (which removes the attribute), else the value as visibility stores it. */
function storedValue(name: string, payload: Payload, typeOf: AttributeTypeLookup): unknown {
  let value = decodePayloadJson(payload);
  if (Array.isArray(value)) {
    // The SDKs send untyped attributes as lists; a single-valued attribute is its only element.
    if (value.length === 0) return null;
    if (value.length === 1) value = value[0];
  }
  const type = payloadType(payload) ?? typeOf(name);
  if (type === 'Datetime' && typeof value === 'string') return Date.parse(value);
  return value;
}

export function decodeSearchAttributes(
  indexedFields: Record<string, Payload> | null | undefined,
  typeOf: AttributeTypeLookup = () => undefined,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, payload] of Object.entries(indexedFields ?? {})) {
    const value = storedValue(name, payload, typeOf);
    if (value !== null) result[name] = value;
  }
  return result;
}

/** Applies an upsert: attributes with empty values are removed, as Temporal does. */
export function mergeSearchAttributes(
  current: Record<string, unknown>,
  indexedFields: Record<string, Payload> | null | undefined,
  typeOf: AttributeTypeLookup = () => undefined,
): Record<string, unknown> {
  const merged = { ...current };
  for (const [name, payload] of Object.entries(indexedFields ?? {})) {
    const value = storedValue(name, payload, typeOf);
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}
