/**
 * `/api/v1/...`: the UI's settings, the raw history download, and every WorkflowService and OperatorService route of
 * the proto annotations, answered in proto3 JSON with Temporal's errors. Nothing a request sends can crash the server:
 * bad paths, bodies and parameters are INVALID_ARGUMENT, unknown routes NOT_FOUND, handler faults INTERNAL.
 */
import type http from 'node:http';
import { status } from '@grpc/grpc-js';
import { RpcError } from '../errors/rpc-error';
import { GatewayCaller, type ServiceHandlers } from './gateway-call';
import { gatewayError, gatewayErrorFromRpcError, type GatewayError } from './gateway-errors';
import { buildGatewayRequest } from './gateway-request';
import { buildGatewayRoutes, findRoute, type GatewayRoute } from './gateway-routes';
import { MalformedPathError } from './path-template';
import { ProtoJsonError } from './proto-json-decode';
import { messageToJson, type Json } from './proto-json-encode';
import { RAW_HISTORY_PATH, streamRawHistory } from './raw-history';
import { uiSettings } from './ui-settings';
import { csrfRefusal, isWrite, readOnlyRefusal } from './write-guard';
import type { ServerEnv } from '../grpc/handler-env';

/** Larger bodies than any UI request (a signal's input, a reset reason) are refused before they are parsed. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface ApiRouterOptions {
  env: ServerEnv;
  handlers: ServiceHandlers;
  readOnly: boolean;
  defaultNamespace: string;
  logRpcs: boolean;
  onInternalError: (method: string, err: unknown) => void;
}

class BodyTooLargeError extends Error {}

export class ApiRouter {
  private readonly routes: GatewayRoute[] = buildGatewayRoutes();
  private readonly caller: GatewayCaller;

  constructor(private readonly options: ApiRouterOptions) {
    this.caller = new GatewayCaller(options.env, options.handlers);
  }

  get routeCount(): number {
    return this.routes.length;
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, abort: AbortSignal): Promise<void> {
    const method = req.method ?? 'GET';
    const rawPath = url.pathname;
    if (rawPath === '/api/v1/settings' && method === 'GET') {
      sendJson(
        res,
        200,
        uiSettings({ readOnly: this.options.readOnly, defaultNamespace: this.options.defaultNamespace }),
      );
      return;
    }
    const rawHistory = method === 'GET' ? RAW_HISTORY_PATH.exec(rawPath) : null;
    if (rawHistory) {
      await this.rawHistory(res, rawHistory, abort);
      return;
    }
    const lookup = safely(() => findRoute(this.routes, method, rawPath));
    if ('error' in lookup) return sendError(res, lookup.error);
    if (lookup.value.kind === 'not-found') return sendError(res, gatewayError(status.NOT_FOUND, 'Not Found'));
    if (lookup.value.kind === 'method-not-allowed')
      return sendError(res, gatewayError(status.UNIMPLEMENTED, 'Method Not Allowed'), 405);
    const { route, params } = lookup.value.match;
    if (isWrite(method, rawPath)) {
      if (this.options.readOnly) return sendError(res, readOnlyRefusal(route.method));
      const refusal = csrfRefusal(req);
      if (refusal) return sendError(res, refusal);
    }

    const started = Date.now();
    let outcome = 'ok';
    try {
      const body = await readBody(req);
      const request = buildGatewayRequest(route, params, url.searchParams, body);
      const response = await this.caller.call(route.service, route.method, request, route.responseType, abort);
      sendJson(res, 200, messageToJson(route.responseType, response));
    } catch (err) {
      const error = this.toGatewayError(route.method, err);
      outcome = `error ${error.httpStatus}`;
      sendError(res, error);
    } finally {
      if (this.options.logRpcs) {
        const caller = req.headers['caller-type'] ? ` caller-type=${String(req.headers['caller-type'])}` : '';
        process.stderr.write(
          `${new Date(started).toISOString()} http ${route.method} ${outcome} ${Date.now() - started}ms${caller}\n`,
        );
      }
    }
  }

  private async rawHistory(res: http.ServerResponse, match: RegExpExecArray, abort: AbortSignal): Promise<void> {
    const parts = safely(() => match.slice(1, 4).map((part) => decodeURIComponent(part)));
    if ('error' in parts) return sendError(res, parts.error);
    const [namespace = '', workflowId = '', runId = ''] = parts.value;
    try {
      await streamRawHistory(this.caller, { namespace, workflowId, runId }, res, abort);
    } catch (err) {
      sendError(res, this.toGatewayError('GetWorkflowExecutionHistory', err));
    }
  }

  private toGatewayError(method: string, err: unknown): GatewayError {
    if (err instanceof RpcError) return gatewayErrorFromRpcError(err);
    if (err instanceof ProtoJsonError || err instanceof MalformedPathError)
      return gatewayError(status.INVALID_ARGUMENT, err.message);
    if (err instanceof BodyTooLargeError) return gatewayError(status.RESOURCE_EXHAUSTED, err.message);
    this.options.onInternalError(`http ${method}`, err);
    return gatewayError(status.INTERNAL, `internal error in ${method}: ${(err as Error)?.message ?? String(err)}`);
  }
}

function safely<T>(fn: () => T): { value: T } | { error: GatewayError } {
  try {
    return { value: fn() };
  } catch (err) {
    if (err instanceof MalformedPathError) return { error: gatewayError(status.INVALID_ARGUMENT, err.message) };
    throw err;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError(`the request body is larger than ${MAX_BODY_BYTES} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: http.ServerResponse, statusCode: number, body: Json | Record<string, unknown>): void {
  if (res.headersSent || res.destroyed) return;
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(statusCode, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: http.ServerResponse, error: GatewayError, httpStatus = error.httpStatus): void {
  sendJson(res, httpStatus, error.body);
}
