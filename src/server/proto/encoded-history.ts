/**
 * History events sent as the bytes they are stored as. A response carrying an EncodedHistory is encoded without it,
 * then the History field is appended from those bytes (protobuf allows fields in any order), so stored events are
 * neither decoded nor encoded again on their way to a worker.
 */
import type * as protobuf from 'protobufjs';
import { encodeMessage } from './temporal-proto';

const HISTORY_TYPE = '.temporal.api.history.v1.History';
/** History.events: field 1, length-delimited. */
const EVENTS_TAG = (1 << 3) | 2;
const LENGTH_DELIMITED = 2;

export class EncodedHistory {
  constructor(readonly events: readonly Uint8Array[]) {}
}

type HistoryField = { name: string; id: number };
type Encode = (message: unknown) => Uint8Array;

/** An encoder for messages of `type` that accepts an EncodedHistory wherever the type has a History field. */
export function encoderAcceptingEncodedHistory(type: protobuf.Type): Encode {
  type.resolveAll();
  const historyFields: HistoryField[] = type.fieldsArray
    .filter((field) => !field.repeated && field.resolvedType?.fullName === HISTORY_TYPE)
    .map((field) => ({ name: field.name, id: field.id }));
  if (historyFields.length === 0) return (message) => encodeMessage(type, message);
  return (message) => {
    const fields = message as Record<string, unknown>;
    const present = historyFields.flatMap((field) => {
      const value = fields[field.name];
      return value instanceof EncodedHistory ? [{ id: field.id, name: field.name, history: value }] : [];
    });
    if (present.length === 0) return encodeMessage(type, message);
    const rest: Record<string, unknown> = { ...fields };
    for (const field of present) delete rest[field.name];
    const parts = [encodeMessage(type, rest)];
    for (const field of present) parts.push(historyFieldBytes(field.id, field.history));
    return Buffer.concat(parts);
  };
}

function historyFieldBytes(fieldId: number, history: EncodedHistory): Uint8Array {
  let bodyLength = 0;
  for (const event of history.events) bodyLength += 1 + varintLength(event.length) + event.length;
  const tag = (fieldId << 3) | LENGTH_DELIMITED;
  const out = Buffer.allocUnsafe(varintLength(tag) + varintLength(bodyLength) + bodyLength);
  let offset = writeVarint(out, 0, tag);
  offset = writeVarint(out, offset, bodyLength);
  for (const event of history.events) {
    out[offset++] = EVENTS_TAG;
    offset = writeVarint(out, offset, event.length);
    out.set(event, offset);
    offset += event.length;
  }
  return out;
}

function varintLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    length++;
  }
  return length;
}

function writeVarint(out: Buffer, offset: number, value: number): number {
  while (value >= 0x80) {
    out[offset++] = (value % 0x80) | 0x80;
    value = Math.floor(value / 0x80);
  }
  out[offset++] = value;
  return offset;
}

/** A response type whose History is sent as stored bytes. */
export type WithEncodedHistory<T> = Omit<T, 'history'> & { history?: EncodedHistory };
