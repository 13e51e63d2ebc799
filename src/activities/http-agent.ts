/** An agent handler that calls a JSON HTTP service, with the instruction's AbortSignal wired into the request. */
import { ApplicationFailure } from '@temporalio/activity';
import { parseOrThrow } from '../config/parse-config';
import { HttpAgentConfigSchema, type HttpAgentConfigInput } from '../config/http-agent-config';
import type { AgentTask } from '../orchestration/types';
import type { AgentContext, AgentHandler } from './agent-context';

export interface HttpAgentOptions<I, O> extends Omit<HttpAgentConfigInput, 'body' | 'parse'> {
  readonly body?: (task: AgentTask<I>, ctx: AgentContext) => unknown;
  readonly parse?: (response: unknown) => O;
}

/** Statuses worth retrying: the service may answer differently next time. */
const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

export function httpAgent<I = unknown, O = unknown>(options: HttpAgentOptions<I, O>): AgentHandler<I, O> {
  const config = parseOrThrow(HttpAgentConfigSchema, options, `httpAgent(${String(options?.url)})`);
  const buildBody = options.body ?? defaultBody;
  return async (task, ctx) => {
    const signal = config.requestTimeout
      ? AbortSignal.any([ctx.signal, AbortSignal.timeout(config.requestTimeout)])
      : ctx.signal;
    const started = Date.now();
    const progress = setInterval(
      () => ctx.heartbeat({ waitingForMs: Date.now() - started, url: config.url }),
      config.progressEvery,
    );
    try {
      const response = await fetch(config.url, {
        method: config.method,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': ctx.idempotencyKey,
          ...config.headers,
        },
        body: JSON.stringify(buildBody(task, ctx)),
        signal,
      });
      ctx.heartbeat({ status: response.status, url: config.url });
      const text = await response.text();
      if (!response.ok) throw statusFailure(response, text, config.url);
      const json = parseJson(text, config.url);
      return options.parse ? options.parse(json) : (json as O);
    } finally {
      clearInterval(progress);
    }
  };
}

function defaultBody(task: AgentTask<unknown>, ctx: AgentContext): unknown {
  return {
    goal: task.goal,
    input: task.input,
    results: task.results,
    orchestrationId: ctx.orchestrationId,
    stepId: ctx.stepId,
    attempt: ctx.attempt,
    deadline: ctx.deadline.toISOString(),
  };
}

function statusFailure(response: Response, body: string, url: string): ApplicationFailure {
  const message = `${url} answered ${response.status} ${response.statusText}: ${body.slice(0, 500)}`;
  if (!RETRYABLE_STATUSES.has(response.status)) {
    return ApplicationFailure.create({ message, type: 'HttpRequestRejected', nonRetryable: true });
  }
  const retryAfterSeconds = Number(response.headers.get('retry-after'));
  return ApplicationFailure.create({
    message,
    type: 'HttpServiceUnavailable',
    ...(Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0
      ? { nextRetryDelay: retryAfterSeconds * 1000 }
      : {}),
  });
}

function parseJson(text: string, url: string): unknown {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    throw ApplicationFailure.create({
      message: `${url} answered with something that is not JSON: ${text.slice(0, 200)}`,
      type: 'HttpInvalidResponse',
      nonRetryable: true,
    });
  }
}
