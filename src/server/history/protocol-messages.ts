/** Protocol messages (workflow updates) travel as google.protobuf.Any bodies; packing and unpacking them. */
import { encodeMessage, proto, type Relaxed, type temporal } from '../proto/temporal-proto';

type Message = Relaxed<temporal.api.protocol.v1.IMessage>;
const TYPE_PREFIX = 'type.googleapis.com/';
const update = proto.temporal.api.update.v1;

const bodyCodecs = {
  'temporal.api.update.v1.Request': update.Request,
  'temporal.api.update.v1.Acceptance': update.Acceptance,
  'temporal.api.update.v1.Rejection': update.Rejection,
  'temporal.api.update.v1.Response': update.Response,
};
type BodyTypeName = keyof typeof bodyCodecs;

function isBodyTypeName(typeName: string): typeName is BodyTypeName {
  return Object.hasOwn(bodyCodecs, typeName);
}

export function protocolMessage(
  id: string,
  protocolInstanceId: string,
  sequencingEventId: number,
  typeName: BodyTypeName,
  body: unknown,
): Message {
  return {
    id,
    protocolInstanceId,
    eventId: sequencingEventId,
    body: { type_url: `${TYPE_PREFIX}${typeName}`, value: encodeMessage(bodyCodecs[typeName], body) },
  } as Message;
}

export type ProtocolBody =
  | { kind: 'request'; typeName: string; value: Relaxed<temporal.api.update.v1.IRequest> }
  | { kind: 'acceptance'; typeName: string; value: Relaxed<temporal.api.update.v1.IAcceptance> }
  | { kind: 'rejection'; typeName: string; value: Relaxed<temporal.api.update.v1.IRejection> }
  | { kind: 'response'; typeName: string; value: Relaxed<temporal.api.update.v1.IResponse> }
  | { kind: 'unknown'; typeName: string };

export function unpackProtocolBody(message: Message): ProtocolBody {
  const any = message.body as { type_url?: string; typeUrl?: string; value?: Uint8Array } | null | undefined;
  const typeName = (any?.type_url ?? any?.typeUrl ?? '').replace(TYPE_PREFIX, '');
  if (!isBodyTypeName(typeName) || !any?.value) return { kind: 'unknown', typeName };
  return decodeBody(typeName, any.value);
}

function decodeBody(typeName: BodyTypeName, value: Uint8Array): ProtocolBody {
  switch (typeName) {
    case 'temporal.api.update.v1.Request':
      return { kind: 'request', typeName, value: update.Request.decode(value) };
    case 'temporal.api.update.v1.Acceptance':
      return { kind: 'acceptance', typeName, value: update.Acceptance.decode(value) };
    case 'temporal.api.update.v1.Rejection':
      return { kind: 'rejection', typeName, value: update.Rejection.decode(value) };
    case 'temporal.api.update.v1.Response':
      return { kind: 'response', typeName, value: update.Response.decode(value) };
  }
}
