/**
 * Who may change runs through the HTTP API. Read-only mode refuses every write (queries still run, as in Temporal's
 * ui-server). Writes must carry the `_csrf` cookie's value in X-CSRF-TOKEN, as the Temporal UI sends it: a page on
 * another site can neither read the cookie nor set the header, so it cannot terminate runs through the user's browser.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { status } from '@grpc/grpc-js';
import { gatewayError, type GatewayError } from './gateway-errors';

export const CSRF_COOKIE = '_csrf';
const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const QUERY_PATH = /^\/api\/v1\/namespaces\/[^/]+\/workflows\/[^/]+\/query\//;

export function isWrite(httpMethod: string, pathname: string): boolean {
  if (SAFE_METHODS.has(httpMethod)) return false;
  return !(httpMethod === 'POST' && QUERY_PATH.test(pathname));
}

export function readOnlyRefusal(method: string): GatewayError {
  return gatewayError(
    status.PERMISSION_DENIED,
    `${method} is refused: this Steadfast UI is read-only (the server was started with --ui-read-only)`,
  );
}

/** The refusal for a write without a matching CSRF token, or undefined when the request may proceed. */
export function csrfRefusal(req: http.IncomingMessage): GatewayError | undefined {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return undefined;
  // As Temporal's ui-server: a request with its own credentials is not riding on the browser's cookies.
  if (req.headers.authorization) return undefined;
  const cookie = csrfCookieOf(req);
  const header = req.headers[CSRF_HEADER];
  if (cookie && typeof header === 'string' && timingSafeEqual(cookie, header)) return undefined;
  return gatewayError(
    status.PERMISSION_DENIED,
    `missing or invalid CSRF token: send the ${CSRF_COOKIE} cookie's value in the X-CSRF-TOKEN header`,
  );
}

export function csrfCookieOf(req: http.IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE) return value.join('=');
  }
  return undefined;
}

/** Gives a browser without one a CSRF cookie (readable by the page's script, never sent to other sites). */
export function ensureCsrfCookie(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (csrfCookieOf(req)) return;
  const token = crypto.randomBytes(24).toString('base64url');
  res.setHeader('Set-Cookie', `${CSRF_COOKIE}=${token}; Path=/; SameSite=Strict`);
}

function timingSafeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
