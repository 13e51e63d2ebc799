/** Protocol messages (workflow updates) travel as google.protobuf.Any bodies; packing and unpacking them. */
import { encodeMessage, proto, type Relaxed, type temporal } from '../proto/temporal-proto';

type Message = Relaxed<temporal.api.protocol.v1.IMessage>;
const TYPE_PREFIX = 'type.googleapis.com/';

const bodyTypes = {
  'temporal.api.update.v1.Request': 'request',
  'temporal.api.update.v1.Acceptance': 'acceptance',
  'temporal.api.update.v1.Rejection': 'rejection',
  'temporal.api.update.v1.Response': 'response',
} as const;

export function protocolMessage(
  id: string,
  protocolInstanceId: string,
  sequencingEventId: number,
  typeName: keyof typeof bodyTypes,
  body: unknown,
): Message {
  const codec = typeName.split('.').reduce<any>((ns, part) => ns[part], proto);
  return {
    id,
    protocolInstanceId,
    eventId: sequencingEventId,
    body: { type_url: `${TYPE_PREFIX}${typeName}`, value: encodeMessage(codec, body) },
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
  const kind = bodyTypes[typeName as keyof typeof bodyTypes];
  if (!kind || !any?.value) return { kind: 'unknown', typeName };
  const codec = typeName.split('.').reduce<any>((ns, part) => ns[part], proto);
  return { kind, typeName, value: codec.decode(any.value) } as ProtocolBody;
}
