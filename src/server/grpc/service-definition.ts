/** Builds grpc-js service definitions from the protobuf reflection data shipped in @temporalio/proto. */
import type { ServiceDefinition, MethodDefinition } from '@grpc/grpc-js';
import type * as protobuf from 'protobufjs';
import { proto, encodeMessage } from '../proto/temporal-proto';
import { encoderAcceptingEncodedHistory } from '../proto/encoded-history';

interface MessageCodec {
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
}

export interface ServiceMethods {
  /** Keyed by method name as it appears in the proto, e.g. 'StartWorkflowExecution'. */
  definition: ServiceDefinition;
}

export function serviceDefinitionFor(fullServiceName: string): ServiceMethods {
  const service = (proto as unknown as protobuf.Root).lookupService(fullServiceName);
  service.resolveAll();
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const method of Object.values(service.methods)) {
    const requestType = method.resolvedRequestType as unknown as MessageCodec;
    const responseType = method.resolvedResponseType as unknown as MessageCodec;
    const encodeResponse = encoderAcceptingEncodedHistory(method.resolvedResponseType!);
    definition[method.name] = {
      path: `/${fullServiceName}/${method.name}`,
      requestStream: Boolean(method.requestStream),
      responseStream: Boolean(method.responseStream),
      requestSerialize: (message) => asBuffer(encodeMessage(requestType, message)),
      requestDeserialize: (bytes) => requestType.decode(bytes),
      responseSerialize: (message) => asBuffer(encodeResponse(message)),
      responseDeserialize: (bytes) => responseType.decode(bytes),
      originalName: method.name,
    };
  }
  return { definition };
}

/** protobufjs already hands out Buffers in Node; wrapping, not copying, covers any plain Uint8Array. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
