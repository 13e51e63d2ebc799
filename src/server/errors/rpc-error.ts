/** Errors that travel to the caller as gRPC statuses carrying Temporal's error details. */
import { Metadata, status } from '@grpc/grpc-js';
import { errordetails, google, encodeMessage } from '../proto/temporal-proto';

interface DetailCodec {
  encode(message: unknown): { finish(): Uint8Array };
}

interface ErrorDetail {
  typeName: string;
  codec: DetailCodec;
  value: unknown;
}

export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly code: status,
    message: string,
    readonly detail?: ErrorDetail,
  ) {
    super(message);
  }

  /** The trailing metadata grpc-js sends: google.rpc.Status with the Temporal failure as an Any. */
  metadata(): Metadata {
    const metadata = new Metadata();
    const details = this.detail
      ? [
          {
            type_url: `type.googleapis.com/${this.detail.typeName}`,
            value: encodeMessage(this.detail.codec, this.detail.value),
          },
        ]
      : [];
    const statusBytes = encodeMessage(google.rpc.Status, { code: this.code, message: this.message, details });
    metadata.set('grpc-status-details-bin', Buffer.from(statusBytes));
    return metadata;
  }
}

function detail(typeName: string, codec: DetailCodec, value: unknown): ErrorDetail {
  return { typeName, codec, value };
}

export function invalidArgument(message: string): RpcError {
  return new RpcError(status.INVALID_ARGUMENT, message);
}

export function notFound(message: string): RpcError {
  return new RpcError(
    status.NOT_FOUND,
    message,
    detail('temporal.api.errordetails.v1.NotFoundFailure', errordetails.NotFoundFailure, {}),
  );
}

export function namespaceNotFound(namespace: string): RpcError {
  return new RpcError(
    status.NOT_FOUND,
    `Namespace ${namespace} is not found.`,
    detail('temporal.api.errordetails.v1.NamespaceNotFoundFailure', errordetails.NamespaceNotFoundFailure, {
      namespace,
    }),
  );
}

export function namespaceAlreadyExists(namespace: string): RpcError {
  return new RpcError(
    status.ALREADY_EXISTS,
    `Namespace ${namespace} already exists.`,
    detail(
      'temporal.api.errordetails.v1.NamespaceAlreadyExistsFailure',
      errordetails.NamespaceAlreadyExistsFailure,
      {},
    ),
  );
}

export function workflowAlreadyStarted(message: string, startRequestId: string, runId: string): RpcError {
  return new RpcError(
    status.ALREADY_EXISTS,
    message,
    detail(
      'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure',
      errordetails.WorkflowExecutionAlreadyStartedFailure,
      { startRequestId, runId },
    ),
  );
}

export function queryFailed(message: string, failure?: unknown): RpcError {
  return new RpcError(
    status.INVALID_ARGUMENT,
    message,
    detail('temporal.api.errordetails.v1.QueryFailedFailure', errordetails.QueryFailedFailure, { failure }),
  );
}

export function failedPrecondition(message: string): RpcError {
  return new RpcError(status.FAILED_PRECONDITION, message);
}

export function unimplemented(method: string): RpcError {
  return new RpcError(status.UNIMPLEMENTED, `${method} is not implemented by the Steadfast development server.`);
}

export function deadlineExceeded(message: string): RpcError {
  return new RpcError(status.DEADLINE_EXCEEDED, message);
}
