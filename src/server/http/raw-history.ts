/**
 * `.../workflows/{id}/run/{runId}/history.json`: the whole event history as one JSON array, streamed page by page
 * as Temporal's ui-server does (each event in proto3 JSON). An error before the first event is an ordinary JSON
 * error; one after it ends the array with {"error": ...}, as there.
 */
import type http from 'node:http';
import type * as protobuf from 'protobufjs';
import { proto } from '../proto/temporal-proto';
import type { GatewayCaller } from './gateway-call';
import { messageToJson } from './proto-json-encode';

export const RAW_HISTORY_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/workflows\/([^/]+)\/run\/([^/]+)\/history\.json$/;

const root = proto as unknown as protobuf.Root;
const requestType = root.lookupType('temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest');
const responseType = root.lookupType('temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse');
const eventType = root.lookupType('temporal.api.history.v1.HistoryEvent');

export interface RawHistoryTarget {
  namespace: string;
  workflowId: string;
  runId: string;
}

/** Streams the history; rejects (with nothing written) when the first page fails, so the caller answers the error. */
export async function streamRawHistory(
  caller: GatewayCaller,
  target: RawHistoryTarget,
  res: http.ServerResponse,
  abort: AbortSignal,
): Promise<void> {
  let token: Uint8Array = new Uint8Array();
  let written = 0;
  do {
    let page: { history?: { events?: unknown[] }; nextPageToken?: Uint8Array };
    try {
      const request = requestType.decode(
        requestType
          .encode(
            requestType.fromObject({
              namespace: target.namespace,
              execution: { workflowId: target.workflowId, runId: target.runId },
              nextPageToken: token,
            }),
          )
          .finish(),
      );
      page = (await caller.call(
        'temporal.api.workflowservice.v1.WorkflowService',
        'GetWorkflowExecutionHistory',
        request,
        responseType,
        abort,
      )) as typeof page;
    } catch (err) {
      if (written === 0 && !res.headersSent) throw err;
      res.end(`${written > 0 ? ',' : ''}${JSON.stringify({ error: (err as Error).message })}]`);
      return;
    }
    if (!res.headersSent) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('[');
    }
    for (const event of page.history?.events ?? []) {
      res.write(`${written > 0 ? ',' : ''}${JSON.stringify(messageToJson(eventType, event))}\n`);
      written++;
    }
    token = page.nextPageToken ?? new Uint8Array();
  } while (token.length > 0 && !abort.aborted);
  res.end(']');
}
