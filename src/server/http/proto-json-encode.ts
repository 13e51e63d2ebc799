/**
 * Messages to proto3 JSON as Temporal's ui-server renders them (api-go's protojson): lowerCamelCase names in
 * declaration order, unset and default-valued fields left out, enums by full name, 64-bit integers and bytes as
 * strings, Timestamps in RFC 3339, Durations as "1.5s", Any with "@type", payloads in their standard (non-shorthand)
 * form.
 */
import type * as protobuf from 'protobufjs';
import type Long from 'long';
import { proto } from '../proto/temporal-proto';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Fields = Record<string, unknown>;

const root = proto as unknown as protobuf.Root;
const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const WRAPPERS = new Set(
  ['Double', 'Float', 'Int64', 'UInt64', 'Int32', 'UInt32', 'Bool', 'String', 'Bytes'].map(
    (name) => `.google.protobuf.${name}Value`,
  ),
);

/** The proto3 JSON of `message`, a decoded protobufjs message of `type`. */
export function messageToJson(type: protobuf.Type, message: unknown): Json {
  const special = wellKnownToJson(type, message as Fields);
  if (special !== undefined) return special;
  const out: Record<string, Json> = {};
  for (const field of type.fieldsArray) {
    const value = (message as Fields)[field.name];
    if (!isPresent(field, message as Fields, value)) continue;
    out[field.name] = fieldToJson(field, value);
  }
  return out;
}

function isPresent(field: protobuf.Field, message: Fields, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (field.map) return Object.keys(value as object).length > 0;
  if (field.repeated) return (value as unknown[]).length > 0;
  // Members of a oneof (and proto3 `optional` fields) have explicit presence: set means shown, even at zero.
  if (field.partOf) return Object.prototype.hasOwnProperty.call(message, field.name);
  if (field.resolvedType && 'fieldsArray' in field.resolvedType) return true;
  return !isDefaultScalar(value);
}

function isDefaultScalar(value: unknown): boolean {
  if (typeof value === 'number') return value === 0 && !Object.is(value, -0);
  if (typeof value === 'string') return value === '';
  if (typeof value === 'boolean') return !value;
  // Unset bytes read as the type's default, an empty array, from the message prototype.
  if (value instanceof Uint8Array || Array.isArray(value)) return value.length === 0;
  if (isLong(value)) return value.isZero();
  return false;
}

function fieldToJson(field: protobuf.Field, value: unknown): Json {
  if (field.map) {
    const out: Record<string, Json> = {};
    for (const [key, entry] of Object.entries(value as Fields)) out[key] = singularToJson(field, entry);
    return out;
  }
  if (field.repeated) return (value as unknown[]).map((item) => singularToJson(field, item));
  return singularToJson(field, value);
}

function singularToJson(field: protobuf.Field, value: unknown): Json {
  const resolved = field.resolvedType;
  if (resolved && 'fieldsArray' in resolved) return messageToJson(resolved, value);
  if (resolved) return enumToJson(resolved as protobuf.Enum, value as number);
  return scalarToJson(field.type, value);
}

function enumToJson(enumType: protobuf.Enum, value: number): Json {
  if (enumType.fullName === '.google.protobuf.NullValue') return null;
  return enumType.valuesById[value] ?? value;
}

function scalarToJson(type: string, value: unknown): Json {
  if (LONG_TYPES.has(type)) return longToString(value);
  if (type === 'bytes') return Buffer.from(value as Uint8Array | number[]).toString('base64');
  if (type === 'double' || type === 'float') return floatToJson(value as number);
  return value as Json;
}

function floatToJson(value: number): Json {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

function isLong(value: unknown): value is Long {
  return typeof value === 'object' && value !== null && typeof (value as Long).isZero === 'function';
}

function longToString(value: unknown): string {
  if (isLong(value)) return value.toString();
  return String(value);
}

function wellKnownToJson(type: protobuf.Type, message: Fields): Json | undefined {
  switch (type.fullName) {
    case '.google.protobuf.Timestamp':
      return timestampToJson(Number(longToString(message.seconds ?? 0)), Number(message.nanos ?? 0));
    case '.google.protobuf.Duration':
      return durationToJson(BigInt(longToString(message.seconds ?? 0)), Number(message.nanos ?? 0));
    case '.google.protobuf.Any':
      return anyToJson(message);
    case '.google.protobuf.Struct':
      return structToJson(message);
    case '.google.protobuf.Value':
      return valueToJson(message);
    case '.google.protobuf.ListValue':
      return ((message.values as Fields[] | undefined) ?? []).map(valueToJson);
    case '.google.protobuf.FieldMask':
      return ((message.paths as string[] | undefined) ?? []).map(snakeToCamel).join(',');
    case '.google.protobuf.Empty':
      return {};
    default:
      if (WRAPPERS.has(type.fullName)) return singularToJson(type.fields.value!, message.value);
      return undefined;
  }
}

/** Fractions of a second as Go's protojson writes them: no digits, or 3, 6 or 9. */
function fraction(nanos: number): string {
  if (nanos === 0) return '';
  let digits = String(nanos).padStart(9, '0');
  while (digits.endsWith('000')) digits = digits.slice(0, -3);
  return `.${digits}`;
}

export function timestampToJson(seconds: number, nanos: number): string {
  const whole = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '');
  return `${whole}${fraction(nanos)}Z`;
}

export function durationToJson(seconds: bigint, nanos: number): string {
  const negative = seconds < 0n || nanos < 0;
  const absSeconds = seconds < 0n ? -seconds : seconds;
  return `${negative ? '-' : ''}${absSeconds}${fraction(Math.abs(nanos))}s`;
}

function anyToJson(message: Fields): Json {
  const typeUrl = String(message.type_url ?? message.typeUrl ?? '');
  const typeName = typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
  const type = typeName ? root.lookup(typeName) : null;
  const value = (message.value as Uint8Array | undefined) ?? new Uint8Array();
  if (!type || !('fieldsArray' in type)) return { '@type': typeUrl, value: Buffer.from(value).toString('base64') };
  const inner = type as protobuf.Type;
  const json = messageToJson(inner, inner.decode(value));
  if (wellKnownToJson(inner, {}) !== undefined) return { '@type': typeUrl, value: json };
  return { '@type': typeUrl, ...(json as Record<string, Json>) };
}

function structToJson(message: Fields): Json {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries((message.fields as Record<string, Fields> | undefined) ?? {}))
    out[key] = valueToJson(value);
  return out;
}

/** google.protobuf.Value is a oneof: only the member that is set (an own property) counts. */
function valueToJson(value: Fields): Json {
  const has = (name: string) => Object.prototype.hasOwnProperty.call(value, name) && value[name] !== null;
  if (has('structValue')) return structToJson(value.structValue as Fields);
  if (has('listValue')) return (((value.listValue as Fields).values as Fields[] | undefined) ?? []).map(valueToJson);
  if (has('stringValue')) return value.stringValue as string;
  if (has('numberValue')) return floatToJson(value.numberValue as number);
  if (has('boolValue')) return value.boolValue as boolean;
  return null;
}

function snakeToCamel(path: string): string {
  return path.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

export type { Json };
