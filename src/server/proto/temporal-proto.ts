/** The compiled Temporal protos the SDK itself ships, and short names for the namespaces the server uses. */
import * as protoRoot from '@temporalio/proto';
import type Long from 'long';

export type { temporal } from '@temporalio/proto';

/**
 * A proto message type as the server builds it: int64 fields take plain numbers (protobufjs encodes
 * both), where the generated typings insist on Long; an absent field may be written as `undefined` as well as
 * `null`, as protobufjs's encoder skips both (so a value read from an optional request field passes straight on).
 */
export type Relaxed<T> = T extends Long
  ? number | Long
  : T extends Uint8Array
    ? Uint8Array
    : T extends (infer U)[]
      ? Relaxed<U>[]
      : T extends object
        ? { [K in keyof T]: string extends K ? Relaxed<T[K]> : Relaxed<T[K]> | undefined }
        : T;

export const proto = protoRoot;
const temporalRoot = protoRoot.temporal;
export const google = protoRoot.google;

export const workflowservice = temporalRoot.api.workflowservice.v1;
export const history = temporalRoot.api.history.v1;
export const enums = temporalRoot.api.enums.v1;
export const common = temporalRoot.api.common.v1;
export const failure = temporalRoot.api.failure.v1;
export const taskqueue = temporalRoot.api.taskqueue.v1;
export const workflow = temporalRoot.api.workflow.v1;
export const command = temporalRoot.api.command.v1;
export const errordetails = temporalRoot.api.errordetails.v1;
export const namespaceProto = temporalRoot.api.namespace.v1;
export const query = temporalRoot.api.query.v1;

export type HistoryEvent = Relaxed<protoRoot.temporal.api.history.v1.IHistoryEvent>;
export type Payloads = Relaxed<protoRoot.temporal.api.common.v1.IPayloads>;
export type Failure = Relaxed<protoRoot.temporal.api.failure.v1.IFailure>;
export type RetryPolicy = Relaxed<protoRoot.temporal.api.common.v1.IRetryPolicy>;
export type Command = Relaxed<protoRoot.temporal.api.command.v1.ICommand>;
export type EventType = protoRoot.temporal.api.enums.v1.EventType;
export const EventType = enums.EventType;
export const WorkflowExecutionStatus = enums.WorkflowExecutionStatus;
export type WorkflowExecutionStatus = protoRoot.temporal.api.enums.v1.WorkflowExecutionStatus;

interface MessageCodec {
  encode(message: never): { finish(): Uint8Array };
}

/** Encodes a message built as a Relaxed object (the generated encode() typings demand Long and class types). */
export function encodeMessage(codec: MessageCodec, message: unknown): Uint8Array {
  return (codec.encode as (m: unknown) => { finish(): Uint8Array })(message).finish();
}
