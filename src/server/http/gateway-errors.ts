/**
 * Errors as Temporal's ui-server answers them: a google.rpc.Status in proto3 JSON ({code, message, details}) with
 * the HTTP status grpc-gateway maps the gRPC code to.
 */
import { status } from '@grpc/grpc-js';
import type * as protobuf from 'protobufjs';
import { proto, encodeMessage } from '../proto/temporal-proto';
import { type RpcError } from '../errors/rpc-error';
import { messageToJson, type Json } from './proto-json-encode';

const HTTP_STATUS_OF_CODE: Record<number, number> = {
  [status.OK]: 200,
  [status.CANCELLED]: 499,
  [status.UNKNOWN]: 500,
  [status.INVALID_ARGUMENT]: 400,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.PERMISSION_DENIED]: 403,
  [status.RESOURCE_EXHAUSTED]: 429,
  [status.FAILED_PRECONDITION]: 400,
  [status.ABORTED]: 409,
  [status.OUT_OF_RANGE]: 400,
  [status.UNIMPLEMENTED]: 501,
  [status.INTERNAL]: 500,
  [status.UNAVAILABLE]: 503,
  [status.DATA_LOSS]: 500,
  [status.UNAUTHENTICATED]: 401,
};

export function httpStatusOfCode(code: number): number {
  return HTTP_STATUS_OF_CODE[code] ?? 500;
}

export interface GatewayError {
  httpStatus: number;
  body: Json;
}

/** The answer for an error with a gRPC code; `detail` is an RpcError's Temporal failure, shown as an Any. */
export function gatewayError(code: number, message: string, detail?: RpcError['detail']): GatewayError {
  const body: Record<string, Json> = { code, message };
  if (detail) body.details = [detailToJson(detail)];
  return { httpStatus: httpStatusOfCode(code), body };
}

export function gatewayErrorFromRpcError(err: RpcError): GatewayError {
  return gatewayError(err.code, err.message, err.detail);
}

function detailToJson(detail: NonNullable<RpcError['detail']>): Json {
  const type = (proto as unknown as protobuf.Root).lookupType(detail.typeName);
  const decoded = type.decode(encodeMessage(detail.codec, detail.value));
  return {
    '@type': `type.googleapis.com/${detail.typeName}`,
    ...(messageToJson(type, decoded) as Record<string, Json>),
  };
}
