/**
 * Proto3 JSON (request bodies) and text (path and query parameters) to the plain objects protobufjs builds messages
 * from. Accepts what api-go's unmarshaller accepts: JSON or proto field names, enums by name (also Temporal's short
 * form, e.g. "Running") or number, 64-bit integers as numbers or strings, bytes as base64 (standard or URL-safe),
 * Timestamps in RFC 3339 and Durations like "10s". Unknown fields are refused, as there.
 */
import type * as protobuf from 'protobufjs';
import { proto } from '../proto/temporal-proto';

const root = proto as unknown as protobuf.Root;
const INT_TYPES = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
/** Types whose JSON is not an object of fields: inside an Any their JSON sits under "value". */
const WELL_KNOWN_JSON = new Set(
  ['Timestamp', 'Duration', 'Any', 'Struct', 'Value', 'ListValue', 'FieldMask', 'Empty'].map(
    (n) => `.google.protobuf.${n}`,
  ),
);
const WRAPPER_SUFFIX = /^\.google\.protobuf\.(Double|Float|Int64|UInt64|Int32|UInt32|Bool|String|Bytes)Value$/;

/** Bad input in a request: reported to the caller as INVALID_ARGUMENT. */
export class ProtoJsonError extends Error {
  override readonly name = 'ProtoJsonError';
}

export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** The field `name` (JSON or proto spelling) of `type`, or undefined. */
export function findField(type: protobuf.Type, name: string): protobuf.Field | undefined {
  return type.fields[name] ?? type.fields[snakeToCamel(name)];
}

/** A JSON object as the plain object of a `type` message. */
export function messageFromJson(type: protobuf.Type, json: unknown, path = ''): Record<string, unknown> {
  const special = wellKnownFromJson(type, json, path);
  if (special !== undefined) return special;
  if (!isPlainObject(json)) throw new ProtoJsonError(`${where(path)}expected a JSON object for ${typeName(type)}`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    const field = findField(type, key);
    if (!field) throw new ProtoJsonError(`${where(path)}unknown field "${key}" in ${typeName(type)}`);
    if (value === null && !isValueType(field)) continue;
    out[field.name] = fieldFromJson(field, value, join(path, key));
  }
  return out;
}

function fieldFromJson(field: protobuf.Field, value: unknown, path: string): unknown {
  field.resolve();
  if (field.map) {
    if (!isPlainObject(value)) throw new ProtoJsonError(`${where(path)}expected a JSON object (map)`);
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) out[key] = singularFromJson(field, entry, join(path, key));
    return out;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) throw new ProtoJsonError(`${where(path)}expected a JSON array`);
    return value.map((item, index) => singularFromJson(field, item, `${path}[${index}]`));
  }
  return singularFromJson(field, value, path);
}

function singularFromJson(field: protobuf.Field, value: unknown, path: string): unknown {
  const resolved = field.resolvedType;
  if (resolved && 'fieldsArray' in resolved) return messageFromJson(resolved, value, path);
  if (resolved) return enumFromJson(resolved as protobuf.Enum, value, path);
  return scalarFromJson(field.type, value, path);
}

/** A path or query parameter's text as the value of `field` (a scalar, an enum, a Timestamp or a Duration). */
export function fieldFromText(field: protobuf.Field, text: string, path: string): unknown {
  field.resolve();
  const resolved = field.resolvedType;
  if (resolved && 'fieldsArray' in resolved) {
    if (resolved.fullName === '.google.protobuf.Timestamp' || resolved.fullName === '.google.protobuf.Duration')
      return messageFromJson(resolved, text, path);
    const wrapper = WRAPPER_SUFFIX.exec(resolved.fullName);
    if (wrapper) return { value: scalarFromText(resolved.fields.value!.type, text, path) };
    throw new ProtoJsonError(`${where(path)}a ${typeName(resolved)} cannot be given as a parameter`);
  }
  if (resolved) return enumFromJson(resolved as protobuf.Enum, /^-?\d+$/.test(text) ? Number(text) : text, path);
  return scalarFromText(field.type, text, path);
}

function scalarFromText(type: string, text: string, path: string): unknown {
  if (type === 'string') return text;
  if (type === 'bool') {
    if (text === 'true' || text === 'false') return text === 'true';
    throw new ProtoJsonError(`${where(path)}expected true or false, got "${text}"`);
  }
  return scalarFromJson(type, text, path);
}

function scalarFromJson(type: string, value: unknown, path: string): unknown {
  if (type === 'string') {
    if (typeof value !== 'string') throw new ProtoJsonError(`${where(path)}expected a string`);
    return value;
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw new ProtoJsonError(`${where(path)}expected true or false`);
    return value;
  }
  if (type === 'bytes') return bytesFromJson(value, path);
  if (INT_TYPES.has(type) || LONG_TYPES.has(type)) return integerFromJson(type, value, path);
  if (type === 'double' || type === 'float') return floatFromJson(value, path);
  throw new ProtoJsonError(`${where(path)}unsupported field type ${type}`);
}

function integerFromJson(type: string, value: unknown, path: string): number | string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || !/^-?\d+$/.test(text))
    throw new ProtoJsonError(`${where(path)}expected an integer, got ${JSON.stringify(value)}`);
  if (type.startsWith('u') || type.startsWith('fixed')) {
    if (text.startsWith('-')) throw new ProtoJsonError(`${where(path)}expected an unsigned integer, got ${text}`);
  }
  if (LONG_TYPES.has(type)) {
    const big = BigInt(text);
    if (big > 18446744073709551615n || big < -9223372036854775808n)
      throw new ProtoJsonError(`${where(path)}${text} is out of range for ${type}`);
    return text;
  }
  const number = Number(text);
  if (number > 4294967295 || number < -2147483648)
    throw new ProtoJsonError(`${where(path)}${text} is out of range for ${type}`);
  return number;
}

function floatFromJson(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw new ProtoJsonError(`${where(path)}expected a number, got ${JSON.stringify(value)}`);
}

function bytesFromJson(value: unknown, path: string): Uint8Array {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(value))
    throw new ProtoJsonError(`${where(path)}expected base64 bytes`);
  return Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

function enumFromJson(enumType: protobuf.Enum, value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const exact = enumType.values[value];
    if (exact !== undefined) return exact;
    const short = shortEnumValue(enumType, value);
    if (short !== undefined) return short;
  }
  throw new ProtoJsonError(`${where(path)}${JSON.stringify(value)} is not a value of ${typeName(enumType)}`);
}

/** Temporal's short enum spelling: "Running" for WORKFLOW_EXECUTION_STATUS_RUNNING. */
function shortEnumValue(enumType: protobuf.Enum, value: string): number | undefined {
  const prefix = `${enumType.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_`;
  const wanted = value.replace(/_/g, '').toLowerCase();
  for (const [name, number] of Object.entries(enumType.values)) {
    const suffix = name.startsWith(prefix) ? name.slice(prefix.length) : name;
    if (suffix.replace(/_/g, '').toLowerCase() === wanted) return number;
  }
  return undefined;
}

function isValueType(field: protobuf.Field): boolean {
  field.resolve();
  return field.resolvedType?.fullName === '.google.protobuf.Value';
}

function wellKnownFromJson(type: protobuf.Type, json: unknown, path: string): Record<string, unknown> | undefined {
  switch (type.fullName) {
    case '.google.protobuf.Timestamp':
      return timestampFromJson(json, path);
    case '.google.protobuf.Duration':
      return durationFromJson(json, path);
    case '.google.protobuf.Any':
      return anyFromJson(json, path);
    case '.google.protobuf.Struct':
      if (!isPlainObject(json)) throw new ProtoJsonError(`${where(path)}expected a JSON object`);
      return { fields: Object.fromEntries(Object.entries(json).map(([key, value]) => [key, valueFromJson(value)])) };
    case '.google.protobuf.Value':
      return valueFromJson(json);
    case '.google.protobuf.ListValue':
      if (!Array.isArray(json)) throw new ProtoJsonError(`${where(path)}expected a JSON array`);
      return { values: json.map(valueFromJson) };
    case '.google.protobuf.FieldMask':
      if (typeof json !== 'string') throw new ProtoJsonError(`${where(path)}expected a field mask string`);
      return {
        paths: json === '' ? [] : json.split(',').map((part) => part.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)),
      };
    default: {
      const wrapper = WRAPPER_SUFFIX.exec(type.fullName);
      if (!wrapper || isPlainObject(json)) return undefined;
      return { value: scalarFromJson(type.fields.value!.type, json, path) };
    }
  }
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

function timestampFromJson(json: unknown, path: string): Record<string, unknown> {
  const match = typeof json === 'string' ? RFC3339.exec(json) : null;
  const ms = match ? Date.parse(`${match[1]}${match[3]}`) : NaN;
  if (!match || Number.isNaN(ms)) throw new ProtoJsonError(`${where(path)}expected an RFC 3339 timestamp`);
  return { seconds: String(Math.floor(ms / 1000)), nanos: Number((match[2] ?? '').padEnd(9, '0')) };
}

function durationFromJson(json: unknown, path: string): Record<string, unknown> {
  const match = typeof json === 'string' ? /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(json) : null;
  if (!match) throw new ProtoJsonError(`${where(path)}expected a duration such as "10s" or "1.5s"`);
  const sign = match[1] ? -1 : 1;
  const seconds = BigInt(match[2]!) * BigInt(sign);
  return { seconds: String(seconds), nanos: sign * Number((match[3] ?? '').padEnd(9, '0')) };
}

function anyFromJson(json: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(json) || typeof json['@type'] !== 'string')
    throw new ProtoJsonError(`${where(path)}expected an object with "@type"`);
  const typeUrl = json['@type'];
  const found = root.lookup(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
  if (!found || !('fieldsArray' in found)) throw new ProtoJsonError(`${where(path)}unknown type ${typeUrl}`);
  const inner = found as protobuf.Type;
  const { '@type': _type, ...rest } = json;
  const body = WELL_KNOWN_JSON.has(inner.fullName) || WRAPPER_SUFFIX.test(inner.fullName) ? rest.value : rest;
  const message = inner.fromObject(messageFromJson(inner, body, path));
  return { type_url: typeUrl, value: inner.encode(message).finish() };
}

function valueFromJson(json: unknown): Record<string, unknown> {
  if (json === null || json === undefined) return { nullValue: 0 };
  if (typeof json === 'number') return { numberValue: json };
  if (typeof json === 'string') return { stringValue: json };
  if (typeof json === 'boolean') return { boolValue: json };
  if (Array.isArray(json)) return { listValue: { values: json.map(valueFromJson) } };
  return {
    structValue: {
      fields: Object.fromEntries(Object.entries(json as object).map(([key, value]) => [key, valueFromJson(value)])),
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(type: protobuf.ReflectionObject): string {
  return type.fullName.replace(/^\./, '');
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function where(path: string): string {
  return path ? `${path}: ` : '';
}
