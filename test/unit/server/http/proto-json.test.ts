/** Proto3 JSON as Temporal's api-go writes and reads it, on the encoder and decoder of the UI's API. */
import fs from 'node:fs';
import path from 'node:path';
import type * as protobuf from 'protobufjs';
import { proto } from '../../../../src/server/proto/temporal-proto';
import { durationToJson, messageToJson, timestampToJson } from '../../../../src/server/http/proto-json-encode';
import { messageFromJson, ProtoJsonError } from '../../../../src/server/http/proto-json-decode';
import { buildGatewayRoutes, findRoute } from '../../../../src/server/http/gateway-routes';
import { TEMPORAL_UI_VERSION } from '../../../../src/server/http/ui-settings';

const root = proto as unknown as protobuf.Root;
const type = (name: string) => root.lookupType(name);

test('timestamps and durations carry 0, 3, 6 or 9 fractional digits, as Go writes them', () => {
  expect(timestampToJson(0, 0)).toBe('1970-01-01T00:00:00Z');
  expect(timestampToJson(1_700_000_000, 120_000_000)).toBe('2023-11-14T22:13:20.120Z');
  expect(timestampToJson(1_700_000_000, 123_456_000)).toBe('2023-11-14T22:13:20.123456Z');
  expect(timestampToJson(1_700_000_000, 1)).toBe('2023-11-14T22:13:20.000000001Z');
  expect(durationToJson(10n, 0)).toBe('10s');
  expect(durationToJson(1n, 500_000_000)).toBe('1.500s');
  expect(durationToJson(-2n, -250_000_000)).toBe('-2.250s');
});

test('a message renders defaults left out, int64 as strings, enums by full name, bytes as base64', () => {
  const eventType = type('temporal.api.history.v1.HistoryEvent');
  const event = eventType.decode(
    eventType
      .encode(
        eventType.fromObject({
          eventId: 7,
          eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
          workflowExecutionCompletedEventAttributes: {
            result: {
              payloads: [{ metadata: { encoding: Buffer.from('binary/plain') }, data: Buffer.from([0, 255]) }],
            },
            workflowTaskCompletedEventId: 0,
          },
        }),
      )
      .finish(),
  );
  expect(messageToJson(eventType, event)).toEqual({
    eventId: '7',
    eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
    workflowExecutionCompletedEventAttributes: {
      result: { payloads: [{ metadata: { encoding: 'YmluYXJ5L3BsYWlu' }, data: 'AP8=' }] },
    },
  });
});

test('the decoder takes JSON or proto names, enums by name, short name or number, int64 as text', () => {
  const requestType = type('temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest');
  expect(messageFromJson(requestType, { page_size: 5, nextPageToken: 'AP8' })).toEqual({
    pageSize: 5,
    nextPageToken: Buffer.from([0, 255]),
  });
  const filter = type('temporal.api.filter.v1.StatusFilter');
  for (const status of ['WORKFLOW_EXECUTION_STATUS_RUNNING', 'Running', 1])
    expect(messageFromJson(filter, { status })).toEqual({ status: 1 });
  const history = type('temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest');
  expect(() => messageFromJson(history, { maximumPageSize: 'ten' })).toThrow(ProtoJsonError);
  expect(() => messageFromJson(history, { maximum_page_siz: 1 })).toThrow(/unknown field "maximum_page_siz"/);
  const timer = type('temporal.api.command.v1.StartTimerCommandAttributes');
  expect(messageFromJson(timer, { startToFireTimeout: '1.5s' })).toEqual({
    startToFireTimeout: { seconds: '1', nanos: 500_000_000 },
  });
  expect(() => messageFromJson(timer, { startToFireTimeout: '10 minutes' })).toThrow(/duration/);
});

test('an Any names its type and carries the message fields, both ways', () => {
  const status = type('google.rpc.Status');
  const json = {
    code: 5,
    message: 'gone',
    details: [{ '@type': 'type.googleapis.com/temporal.api.errordetails.v1.NamespaceNotFoundFailure', namespace: 'x' }],
  };
  const message = status.decode(status.encode(status.fromObject(messageFromJson(status, json))).finish());
  expect(messageToJson(status, message)).toEqual(json);
});

test('routes come from the annotations: the UI routes exist, the most specific template wins', () => {
  const routes = buildGatewayRoutes();
  expect(routes.length).toBeGreaterThan(100);
  const history = findRoute(routes, 'GET', '/api/v1/namespaces/default/workflows/a%2Fb/history');
  expect(history.kind === 'found' && history.match.route.method).toBe('GetWorkflowExecutionHistory');
  expect(history.kind === 'found' && [...history.match.params.values()]).toEqual(['default', 'a/b']);
  const describe = findRoute(routes, 'GET', '/api/v1/namespaces/default/workflows/abc');
  expect(describe.kind === 'found' && describe.match.route.method).toBe('DescribeWorkflowExecution');
  expect(findRoute(routes, 'PATCH', '/api/v1/namespaces/default/workflows/abc').kind).toBe('method-not-allowed');
  expect(findRoute(routes, 'GET', '/api/v1/nowhere').kind).toBe('not-found');
});

test('settings report the @temporalio/ui version ui/ builds', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../ui/package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  expect(TEMPORAL_UI_VERSION).toBe(manifest.dependencies['@temporalio/ui']);
});
