/** Responses whose History is spliced from stored event bytes decode exactly like ones encoded from event objects. */
import type * as protobuf from 'protobufjs';
import { EncodedHistory, encoderAcceptingEncodedHistory } from '../../../../src/server/proto/encoded-history';
import { encodeMessage, EventType, history, proto, workflowservice } from '../../../../src/server/proto/temporal-proto';

const responseType = (name: string) =>
  (proto as unknown as protobuf.Root).lookupType(`temporal.api.workflowservice.v1.${name}`);

function event(eventId: number, payloadBytes: number) {
  return {
    eventId,
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
    eventTime: { seconds: 1_700_000_000 + eventId, nanos: 5 },
    activityTaskCompletedEventAttributes: {
      scheduledEventId: eventId - 2,
      startedEventId: eventId - 1,
      identity: 'worker-1',
      result: {
        payloads: [{ metadata: { encoding: Buffer.from('binary/plain') }, data: Buffer.alloc(payloadBytes, 7) }],
      },
    },
  };
}

describe('EncodedHistory', () => {
  // Sizes around the 1- and 2-byte varint boundaries of event and History lengths.
  const events = [event(5, 10), event(8, 100), event(11, 20_000)];
  const stored = events.map((e) => encodeMessage(history.HistoryEvent, e));

  it('splices a poll answer that decodes like the object-encoded one', () => {
    const response = {
      taskToken: Buffer.from('token'),
      workflowExecution: { workflowId: 'wf', runId: 'run' },
      workflowType: { name: 'chain' },
      previousStartedEventId: 3,
      startedEventId: 12,
      attempt: 1,
    };
    const spliced = encoderAcceptingEncodedHistory(responseType('PollWorkflowTaskQueueResponse'))({
      ...response,
      history: new EncodedHistory(stored),
    });
    const expected = encodeMessage(workflowservice.PollWorkflowTaskQueueResponse, { ...response, history: { events } });
    expect(
      workflowservice.PollWorkflowTaskQueueResponse.toObject(
        workflowservice.PollWorkflowTaskQueueResponse.decode(spliced),
      ),
    ).toEqual(
      workflowservice.PollWorkflowTaskQueueResponse.toObject(
        workflowservice.PollWorkflowTaskQueueResponse.decode(expected),
      ),
    );
  });

  it('encodes an empty EncodedHistory as an empty History', () => {
    const bytes = encoderAcceptingEncodedHistory(responseType('GetWorkflowExecutionHistoryResponse'))({
      history: new EncodedHistory([]),
      nextPageToken: Buffer.from('next'),
    });
    const decoded = workflowservice.GetWorkflowExecutionHistoryResponse.decode(bytes);
    expect(decoded.history?.events).toEqual([]);
    expect(Buffer.from(decoded.nextPageToken).toString()).toBe('next');
  });

  it('leaves messages without an EncodedHistory to the ordinary encoder', () => {
    const response = { history: { events }, nextPageToken: Buffer.from('x') };
    const bytes = encoderAcceptingEncodedHistory(responseType('GetWorkflowExecutionHistoryResponse'))(response);
    expect(Buffer.from(bytes)).toEqual(
      Buffer.from(encodeMessage(workflowservice.GetWorkflowExecutionHistoryResponse, response)),
    );
  });
});
