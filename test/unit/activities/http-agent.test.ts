import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { executeAgentHandler } from '../../../src/activities/agent-activity';
import { httpAgent } from '../../../src/activities/http-agent';
import { InvalidConfigError } from '../../../src/config/parse-config';
import { delay, fakeRuntime, instruction } from '../../support/agent-runtime-fake';

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

const run = (handler: ReturnType<typeof httpAgent>, fake = fakeRuntime()) =>
  executeAgentHandler(handler, instruction(), { heartbeatFraction: 1 / 3, runtime: () => fake.runtime });

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
    let aborted = false;
    route = (req) => req.on('close', () => (aborted = true));
    const fake = fakeRuntime({ heartbeatTimeoutMs: 60 });
    const pending = run(httpAgent({ url: baseUrl, progressEvery: 50 }), fake);
    await delay(150);
    expect(fake.beats.some((beat) => JSON.stringify(beat).includes('waitingForMs'))).toBe(true);
    fake.cancel(new Error('cancelled by orchestrator'));
    await expect(pending).rejects.toThrow('cancelled by orchestrator');
    await delay(50);
    expect(aborted).toBe(true);
  });

  it('validates its configuration', () => {
    expect(() => httpAgent({ url: 'not a url' })).toThrow(InvalidConfigError);
    expect(() => httpAgent({ url: 'not a url' })).toThrow('url: expected an absolute http(s) URL');
    expect(() => httpAgent({ url: 'ftp://example.com/x' })).toThrow('url: expected an absolute http(s) URL');
  });
});
