import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { executeAgentHandler } from '../../../src/activities/agent-activity';
import { httpAgent } from '../../../src/activities/http-agent';
import { InvalidConfigError } from '../../../src/config/parse-config';
import { CancelledFailure } from '@temporalio/common';
import {
  agentActivityEnvironment,
  instruction,
  type ActivityInfoOverrides,
} from '../../support/agent-activity-environment';

type Route = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let route: Route;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => route(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Runs the handler as an agent activity (real time: the server is a real HTTP server). */
function start(handler: ReturnType<typeof httpAgent>, info: ActivityInfoOverrides = {}) {
  const env = agentActivityEnvironment(info);
  const result = env.run(() => executeAgentHandler(handler, instruction(), { heartbeatFraction: 1 / 3 }));
  result.catch(() => undefined);
  return { env, result };
}

const run = (handler: ReturnType<typeof httpAgent>) => start(handler).result;

describe('httpAgent', () => {
  it('posts the task with the idempotency key and returns the JSON answer', async () => {
    let seen: { headers: IncomingMessage['headers']; body: unknown } | undefined;
    route = (req, body, res) => {
      seen = { headers: req.headers, body: JSON.parse(body) };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ answer: 42 }));
    };
    const reply = await run(httpAgent({ url: `${baseUrl}/llm`, headers: { authorization: 'Bearer t' } }));
    expect(reply.output).toEqual({ answer: 42 });
    expect(seen!.headers).toMatchObject({
      'idempotency-key': 'orch-1/step-1',
      authorization: 'Bearer t',
      'content-type': 'application/json',
    });
    expect(seen!.body).toMatchObject({
      goal: 'find facts',
      input: { q: 'x' },
      orchestrationId: 'orch-1',
      stepId: 'step-1',
      attempt: 1,
    });
  });

  it('uses custom body and parse functions', async () => {
    route = (_req, body, res) => res.end(JSON.stringify({ choices: [{ text: `re: ${JSON.parse(body).prompt}` }] }));
    const agent = httpAgent<{ q: string }, string>({
      url: baseUrl,
      body: (task) => ({ prompt: task.input.q }),
      parse: (json) => (json as { choices: { text: string }[] }).choices[0]!.text,
    });
    await expect(run(agent as never)).resolves.toMatchObject({ output: 're: x' });
  });

  it('treats 5xx and 429 as retryable and honours Retry-After', async () => {
    route = (_req, _body, res) => {
      res.statusCode = 503;
      res.setHeader('retry-after', '2');
      res.end('overloaded');
    };
    await expect(run(httpAgent({ url: baseUrl }))).rejects.toMatchObject({
      type: 'HttpServiceUnavailable',
      nonRetryable: false,
      nextRetryDelay: 2_000,
    });
  });

  it('treats other 4xx as non-retryable', async () => {
    route = (_req, _body, res) => {
      res.statusCode = 400;
      res.end('bad prompt');
    };
    await expect(run(httpAgent({ url: baseUrl }))).rejects.toMatchObject({
      type: 'HttpRequestRejected',
      nonRetryable: true,
    });
  });

  it('rejects answers that are not JSON', async () => {
    route = (_req, _body, res) => res.end('<html>');
    await expect(run(httpAgent({ url: baseUrl }))).rejects.toMatchObject({
      type: 'HttpInvalidResponse',
      nonRetryable: true,
    });
  });

  it('aborts the request when the instruction is cancelled, heartbeating while it waits', async () => {
    let requestClosed!: () => void;
    const closed = new Promise<void>((resolve) => (requestClosed = resolve));
    route = (req) => req.on('close', requestClosed);
    const { env, result } = start(httpAgent({ url: baseUrl, progressEvery: 50 }), { heartbeatTimeoutMs: 60 });
    await env.heartbeat((beat) => JSON.stringify(beat).includes('waitingForMs'));
    env.cancel('CANCELLED');
    await expect(result).rejects.toBeInstanceOf(CancelledFailure);
    await closed; // the server saw the request go away
  });

  it('validates its configuration', () => {
    expect(() => httpAgent({ url: 'not a url' })).toThrow(InvalidConfigError);
    expect(() => httpAgent({ url: 'not a url' })).toThrow('url: expected an absolute http(s) URL');
    expect(() => httpAgent({ url: 'ftp://example.com/x' })).toThrow('url: expected an absolute http(s) URL');
  });
});
