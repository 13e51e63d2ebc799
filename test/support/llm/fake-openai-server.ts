/**
 * A local OpenAI-compatible chat-completions server for tests: scripted replies and tool calls per model, streamed
 * (SSE, with usage when asked) or not, and injectable faults — HTTP errors (500, 429 with retry-after, 401), a
 * stream that stops mid-way, a slow first token, an outage. It counts and records every request, so tests can prove
 * which model calls were made and how often.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeToolCall {
  readonly name: string;
  readonly arguments: unknown;
}

export interface FakeFault {
  readonly kind: 'status' | 'stall' | 'slow-first-token';
  /** HTTP status of a `status` fault. */
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  /** `stall`: content chunks sent before the stream goes silent (the connection stays open). */
  readonly afterChunks?: number;
  /** `slow-first-token`: wait before the first chunk (headers go out at once). */
  readonly delayMs?: number;
}

export interface FakeTurn {
  readonly text?: string;
  readonly toolCalls?: readonly FakeToolCall[];
  /** Faults by attempt of this turn (1 = the first request for it). */
  readonly faults?: Readonly<Record<number, FakeFault>>;
}

export interface RecordedRequest {
  readonly model: string;
  /** Assistant messages in the request, plus one. */
  readonly turn: number;
  /** How many requests for this model and turn came before, plus one. */
  readonly attempt: number;
  readonly stream: boolean;
  readonly maxTokens?: number;
  readonly at: number;
  readonly status: number;
  readonly fault?: FakeFault['kind'];
}

export interface FakeOpenAiServer {
  /** e.g. http://127.0.0.1:43121/v1 */
  readonly baseURL: string;
  /** Turn n of a conversation with `model` answers with turns[n-1] (the last one once the script runs out). */
  script(model: string, turns: readonly FakeTurn[]): void;
  /** While on, every request for the model answers 503. */
  setOutage(model: string, down: boolean): void;
  /** Every request so far, oldest first. */
  requests(model?: string): RecordedRequest[];
  /** Requests that got an answer (not a fault) for one model and turn. */
  answered(model: string, turn: number): number;
  close(): Promise<void>;
}

const CHUNK = 12;

export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const scripts = new Map<string, readonly FakeTurn[]>();
  const outages = new Set<string>();
  const attempts = new Map<string, number>();
  const recorded: RecordedRequest[] = [];
  const open = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        sendJson(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: 'not_found' } });
        return;
      }
      let request: ChatRequest;
      try {
        request = JSON.parse(body) as ChatRequest;
      } catch {
        sendJson(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
        return;
      }
      const turn = request.messages.filter((message) => message.role === 'assistant').length + 1;
      const key = `${request.model}#${turn}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const turns = scripts.get(request.model) ?? [{ text: `no script for model ${request.model}` }];
      const scripted = turns[Math.min(turn, turns.length) - 1]!;
      const fault: FakeFault | undefined = outages.has(request.model)
        ? { kind: 'status', status: 503 }
        : scripted.faults?.[attempt];
      const status = fault?.kind === 'status' ? (fault.status ?? 500) : 200;
      recorded.push({
        model: request.model,
        turn,
        attempt,
        stream: request.stream === true,
        ...(request.max_tokens !== undefined ? { maxTokens: request.max_tokens } : {}),
        ...(request.max_completion_tokens !== undefined ? { maxTokens: request.max_completion_tokens } : {}),
        at: Date.now(),
        status,
        ...(fault ? { fault: fault.kind } : {}),
      });
      if (fault?.kind === 'status') {
        const headers: Record<string, string> =
          fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
        sendJson(res, status, { error: { message: `injected ${status}`, type: errorType(status) } }, headers);
        return;
      }
      const answer = replyOf(request, scripted, turn);
      if (request.stream === true) {
        open.add(res);
        res.on('close', () => open.delete(res));
        void streamAnswer(res, request, answer, fault);
      } else {
        void (async () => {
          if (fault?.kind === 'slow-first-token') await delay(fault.delayMs ?? 1_000);
          sendJson(res, 200, completion(request.model, answer));
        })();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    script: (model, turns) => void scripts.set(model, turns),
    setOutage: (model, down) => void (down ? outages.add(model) : outages.delete(model)),
    requests: (model) => recorded.filter((request) => model === undefined || request.model === model),
    answered: (model, turn) =>
      recorded.filter((r) => r.model === model && r.turn === turn && r.status === 200 && r.fault !== 'stall').length,
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface ChatRequest {
  readonly model: string;
  readonly messages: readonly { readonly role: string; readonly content?: unknown }[];
  readonly stream?: boolean;
  readonly stream_options?: { readonly include_usage?: boolean };
  readonly max_tokens?: number;
  readonly max_completion_tokens?: number;
}

interface Answer {
  readonly text: string;
  readonly toolCalls: readonly { id: string; name: string; arguments: string }[];
  readonly promptTokens: number;
  readonly completionTokens: number;
}

function replyOf(request: ChatRequest, turn: FakeTurn, turnNumber: number): Answer {
  const text = turn.text ?? '';
  const toolCalls = (turn.toolCalls ?? []).map((call, index) => ({
    id: `call_${turnNumber}_${index}`,
    name: call.name,
    arguments: JSON.stringify(call.arguments),
  }));
  return {
    text,
    toolCalls,
    promptTokens: Math.ceil(JSON.stringify(request.messages).length / 4),
    completionTokens: Math.ceil((text.length + JSON.stringify(toolCalls).length) / 4),
  };
}

function completion(model: string, answer: Answer): unknown {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: answer.text === '' ? null : answer.text,
          ...(answer.toolCalls.length > 0
            ? {
                tool_calls: answer.toolCalls.map((call) => ({
                  id: call.id,
                  type: 'function',
                  function: { name: call.name, arguments: call.arguments },
                })),
              }
            : {}),
        },
        finish_reason: answer.toolCalls.length > 0 ? 'tool_calls' : 'stop',
      },
    ],
    usage: usageOf(answer),
  };
}

async function streamAnswer(
  res: http.ServerResponse,
  request: ChatRequest,
  answer: Answer,
  fault: FakeFault | undefined,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
  const chunk = (choiceDelta: unknown, finish: string | null = null): unknown => ({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [{ index: 0, delta: choiceDelta, finish_reason: finish }],
  });
  const events: unknown[] = [chunk({ role: 'assistant', content: '' })];
  for (let at = 0; at < answer.text.length; at += CHUNK)
    events.push(chunk({ content: answer.text.slice(at, at + CHUNK) }));
  answer.toolCalls.forEach((call, index) =>
    events.push(
      chunk({
        tool_calls: [
          { index, id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } },
        ],
      }),
    ),
  );
  events.push(chunk({}, answer.toolCalls.length > 0 ? 'tool_calls' : 'stop'));
  if (request.stream_options?.include_usage) {
    events.push({
      id: 'chatcmpl-fake',
      object: 'chat.completion.chunk',
      model: request.model,
      choices: [],
      usage: usageOf(answer),
    });
  }

  if (fault?.kind === 'slow-first-token') await delay(fault.delayMs ?? 1_000);
  for (const [index, event] of events.entries()) {
    if (res.destroyed) return;
    if (fault?.kind === 'stall' && index >= (fault.afterChunks ?? 2)) return; // silent, connection left open
    res.write(`data: ${JSON.stringify(event)}\n\n`);
    await delay(2);
  }
  if (!res.destroyed) res.end('data: [DONE]\n\n');
}

function usageOf(answer: Answer): unknown {
  return {
    prompt_tokens: answer.promptTokens,
    completion_tokens: answer.completionTokens,
    total_tokens: answer.promptTokens + answer.completionTokens,
  };
}

function errorType(status: number): string {
  if (status === 429) return 'rate_limit_exceeded';
  if (status === 401) return 'invalid_api_key';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
