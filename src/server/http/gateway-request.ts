/**
 * Builds a request message the way grpc-gateway does: the JSON body (all of it for `body: "*"`, or one field),
 * then the path variables (dotted names set nested fields), and for requests without a whole-message body the query
 * parameters (JSON or proto names, repeated keys for repeated fields, unknown keys ignored).
 */
import type * as protobuf from 'protobufjs';
import type { GatewayRoute } from './gateway-routes';
import type { PathParams } from './path-template';
import { fieldFromText, findField, messageFromJson, ProtoJsonError } from './proto-json-decode';

type PlainMessage = Record<string, unknown>;

export function buildGatewayRequest(
  route: GatewayRoute,
  params: PathParams,
  query: URLSearchParams,
  bodyText: string,
): unknown {
  const request: PlainMessage = {};
  if (route.body === '*') Object.assign(request, parseBody(route.requestType, bodyText));
  else if (route.body) {
    const field = findField(route.requestType, route.body);
    if (!field) throw new Error(`${route.method}: body field ${route.body} is not in the request`);
    const json = parseJson(bodyText);
    if (json !== undefined) request[field.name] = bodyFieldValue(field, json);
  }
  const pathFields = new Set<string>();
  for (const [fieldPath, text] of params) {
    setField(route.requestType, request, fieldPath, text, `path parameter ${fieldPath.join('.')}`);
    pathFields.add(fieldPath.map(camel).join('.'));
  }
  if (route.body !== '*') applyQuery(route.requestType, request, query, pathFields);
  return toMessage(route.requestType, request);
}

/** What a handler receives over gRPC: a decoded message, so HTTP and gRPC calls look alike to it. */
function toMessage(type: protobuf.Type, plain: PlainMessage): unknown {
  let message: protobuf.Message;
  try {
    message = type.fromObject(plain);
  } catch (err) {
    throw new ProtoJsonError((err as Error).message);
  }
  return type.decode(type.encode(message).finish());
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ProtoJsonError(`the request body is not valid JSON: ${(err as Error).message}`);
  }
}

function parseBody(type: protobuf.Type, text: string): PlainMessage {
  const json = parseJson(text);
  return json === undefined ? {} : messageFromJson(type, json);
}

function bodyFieldValue(field: protobuf.Field, json: unknown): unknown {
  field.resolve();
  const resolved = field.resolvedType;
  if (resolved && 'fieldsArray' in resolved) return messageFromJson(resolved, json, field.name);
  const wrapper = { fields: { [field.name]: field } } as unknown as protobuf.Type;
  return messageFromJson(wrapper, { [field.name]: json })[field.name];
}

function camel(part: string): string {
  return part.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** Sets the field at `fieldPath` from text, creating the messages on the way; false when a name is unknown. */
function setField(
  type: protobuf.Type,
  target: PlainMessage,
  fieldPath: readonly string[],
  text: string,
  label: string,
  repeatedAppend = false,
): boolean {
  let currentType = type;
  let current = target;
  for (let i = 0; i < fieldPath.length; i++) {
    const field = findField(currentType, fieldPath[i]!);
    if (!field) return false;
    field.resolve();
    const last = i === fieldPath.length - 1;
    if (last) {
      if (field.map) throw new ProtoJsonError(`${label}: a map field cannot be given as a parameter`);
      const value = fieldFromText(field, text, label);
      if (field.repeated) {
        const list = repeatedAppend && Array.isArray(current[field.name]) ? (current[field.name] as unknown[]) : [];
        current[field.name] = [...list, value];
      } else current[field.name] = value;
      return true;
    }
    const nested = field.resolvedType;
    if (!nested || !('fieldsArray' in nested) || field.repeated)
      throw new ProtoJsonError(`${label}: ${fieldPath[i]} is not a message field`);
    const existing = current[field.name];
    current = (
      typeof existing === 'object' && existing !== null ? existing : (current[field.name] = {})
    ) as PlainMessage;
    currentType = nested;
  }
  return false;
}

function applyQuery(type: protobuf.Type, request: PlainMessage, query: URLSearchParams, pathFields: Set<string>): void {
  const seen = new Set<string>();
  for (const [key, value] of query) {
    const fieldPath = key.split('.');
    if (pathFields.has(fieldPath.map(camel).join('.'))) continue;
    setField(type, request, fieldPath, value, `query parameter ${key}`, seen.has(key));
    seen.add(key);
  }
}
