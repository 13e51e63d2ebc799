/**
 * Calls a WorkflowService or OperatorService handler directly, as the gRPC server does (no second hop), and turns its
 * answer into the decoded message a gRPC client would have received.
 */
import type * as protobuf from 'protobufjs';
import type { CallEnv, ServerEnv } from '../grpc/handler-env';
import { unimplemented } from '../errors/rpc-error';
import { encoderAcceptingEncodedHistory } from '../proto/encoded-history';
import type { GatewayService } from './gateway-routes';

/** A handler of any method as the gateway calls it: the request was built for that method's own message type. */
type AnyHandler = (request: never, env: CallEnv) => unknown;
export type ServiceHandlers = Record<GatewayService, { readonly [method: string]: AnyHandler | undefined }>;

export class GatewayCaller {
  private readonly encoders = new Map<protobuf.Type, (message: unknown) => Uint8Array>();

  constructor(
    private readonly env: ServerEnv,
    private readonly handlers: ServiceHandlers,
  ) {}

  /** The handler's response, encoded and decoded again: stored history bytes become events, defaults settle. */
  async call(
    service: GatewayService,
    method: string,
    request: unknown,
    responseType: protobuf.Type,
    abort: AbortSignal,
  ): Promise<protobuf.Message> {
    const handler = this.handlers[service][method];
    if (!handler) throw unimplemented(method);
    const response = await handler(request as never, { ...this.env, abort });
    return responseType.decode(this.encoderFor(responseType)(response ?? {}));
  }

  private encoderFor(type: protobuf.Type): (message: unknown) => Uint8Array {
    let encoder = this.encoders.get(type);
    if (!encoder) this.encoders.set(type, (encoder = encoderAcceptingEncodedHistory(type)));
    return encoder;
  }
}
