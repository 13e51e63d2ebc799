/**
 * The failure converter of every Steadfast worker and client: the SDK's default, except that a TimeoutFailure keeps
 * its cause. Temporal puts the previous attempt's failure there when a retried activity finally times out (an agent
 * that hung before its retry found no pool); the SDK's DefaultFailureConverter drops it, so workflow code never saw
 * why the earlier attempts were abandoned. Loaded by path (failureConverterPath), so it is also in workflow bundles:
 * it imports nothing but @temporalio/common.
 */
import {
  DefaultFailureConverter,
  TimeoutFailure,
  type FailureConverter,
  type PayloadConverter,
  type ProtoFailure,
  type SerializationContext,
} from '@temporalio/common';

export class TimeoutCauseFailureConverter extends DefaultFailureConverter {
  override failureToErrorInner(
    failure: ProtoFailure,
    payloadConverter: PayloadConverter,
    context?: SerializationContext,
  ): Error {
    const error = super.failureToErrorInner(failure, payloadConverter, context);
    // A later SDK that keeps the cause itself is left alone.
    if (error instanceof TimeoutFailure && error.cause === undefined && failure.cause) {
      const cause = this.optionalFailureToOptionalError(failure.cause, payloadConverter, context);
      // TimeoutFailure's constructor takes no cause; TemporalFailure keeps it in a plain (readonly-typed) field.
      Object.defineProperty(error, 'cause', { value: cause, writable: true, enumerable: true, configurable: true });
    }
    return error;
  }
}

/** The export failureConverterPath modules must have. */
export const failureConverter: FailureConverter = new TimeoutCauseFailureConverter();
