/**
 * The HTTP API routes, generated at start-up from the google.api.http annotations that @temporalio/proto keeps on
 * every WorkflowService and OperatorService method: only the `/api/v1/...` bindings, which are the ones Temporal's
 * UI calls through its ui-server.
 */
import type * as protobuf from 'protobufjs';
import { proto } from '../proto/temporal-proto';
import { matchPathTemplate, parsePathTemplate, type PathParams, type PathTemplate } from './path-template';

export const API_PREFIX = '/api/v1/';
export const GATEWAY_SERVICES = [
  'temporal.api.workflowservice.v1.WorkflowService',
  'temporal.api.operatorservice.v1.OperatorService',
] as const;
export type GatewayService = (typeof GATEWAY_SERVICES)[number];

const HTTP_VERBS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export interface GatewayRoute {
  readonly httpMethod: string;
  readonly template: PathTemplate;
  readonly service: GatewayService;
  /** Proto method name, e.g. 'GetWorkflowExecutionHistory'. */
  readonly method: string;
  readonly requestType: protobuf.Type;
  readonly responseType: protobuf.Type;
  /** '*' (the whole request), a field name, or undefined (no body: query parameters instead). */
  readonly body: string | undefined;
}

interface HttpRule {
  get?: string;
  put?: string;
  post?: string;
  delete?: string;
  patch?: string;
  body?: string;
  additional_bindings?: HttpRule | HttpRule[];
}

export function buildGatewayRoutes(): GatewayRoute[] {
  const root = proto as unknown as protobuf.Root;
  const routes: GatewayRoute[] = [];
  for (const service of GATEWAY_SERVICES) {
    const definition = root.lookupService(service);
    definition.resolveAll();
    for (const method of definition.methodsArray) {
      if (method.requestStream || method.responseStream) continue;
      for (const rule of httpRules(method)) {
        for (const verb of HTTP_VERBS) {
          const path = rule[verb];
          if (!path?.startsWith(API_PREFIX)) continue;
          routes.push({
            httpMethod: verb.toUpperCase(),
            template: parsePathTemplate(path),
            service,
            method: method.name,
            requestType: method.resolvedRequestType!,
            responseType: method.resolvedResponseType!,
            body: rule.body || undefined,
          });
        }
      }
    }
  }
  return routes;
}

function httpRules(method: protobuf.Method): HttpRule[] {
  const options = (method.parsedOptions ?? []) as Record<string, unknown>[];
  const rule = options.find((option) => option['(google.api.http)'])?.['(google.api.http)'] as HttpRule | undefined;
  if (!rule) return [];
  const additional = rule.additional_bindings;
  return [rule, ...(Array.isArray(additional) ? additional : additional ? [additional] : [])];
}

export interface RouteMatch {
  route: GatewayRoute;
  params: PathParams;
}

export type RouteLookup = { kind: 'found'; match: RouteMatch } | { kind: 'method-not-allowed' } | { kind: 'not-found' };

/** The most specific route for the request; paths that exist under another method are told apart, as grpc-gateway does. */
export function findRoute(routes: readonly GatewayRoute[], httpMethod: string, rawPath: string): RouteLookup {
  let best: RouteMatch | undefined;
  let otherMethod = false;
  for (const route of routes) {
    const params = matchPathTemplate(route.template, rawPath);
    if (!params) continue;
    if (route.httpMethod !== httpMethod) {
      otherMethod = true;
      continue;
    }
    if (!best || route.template.literalCount > best.route.template.literalCount) best = { route, params };
  }
  if (best) return { kind: 'found', match: best };
  return otherMethod ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
}
