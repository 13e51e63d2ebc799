/**
 * The activity behind one tool of an LLM agent (`<agent>/tool/<name>`): validates the model's arguments against the
 * tool's zod schema and runs its `execute` with Steadfast's context (idempotency key, signal, heartbeat). Retries are
 * Temporal's, per the tool's own policy; the key stays the same across them.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ToolCallHeader } from '../../orchestration/conversation-api';
import { FailureType } from '../../orchestration/failure-types';
import type { LlmToolRuntime, SteadfastToolContext } from './llm-agent-runtime';

export type ToolCallActivity = (header: ToolCallHeader, input: unknown) => Promise<unknown>;

export function createToolCallActivity(agent: string, name: string, runtime: LlmToolRuntime): ToolCallActivity {
  return async (header, input) => {
    const context = Context.current();
    if (header?.idempotencyKey === undefined || header.toolName !== name) {
      throw ApplicationFailure.create({
        message: `"${agent}/tool/${name}" takes a tool-call header and the input; it is run by llmConversation`,
        type: FailureType.InvalidInstruction,
        nonRetryable: true,
      });
    }
    if (header.deadline !== undefined && Date.now() > header.deadline) {
      throw ApplicationFailure.create({
        message: `tool call ${header.idempotencyKey} arrived after the orchestration's deadline`,
        type: FailureType.StaleInstruction,
        nonRetryable: true,
      });
    }
    const parsed = runtime.parseInput(input);
    if (!parsed.success) {
      throw ApplicationFailure.create({
        message: `the arguments do not match the tool's schema: ${parsed.error}`,
        type: 'LlmToolInputInvalid',
        nonRetryable: true,
      });
    }
    const toolContext: SteadfastToolContext = {
      idempotencyKey: header.idempotencyKey,
      orchestrationId: header.orchestrationId,
      stepId: header.stepId,
      agent: header.agent,
      turn: header.turn,
      toolCallId: header.toolCallId,
      attempt: context.info.attempt,
      heartbeat: (progress?: unknown) => context.heartbeat(progress),
      signal: context.cancellationSignal,
    };
    const output = await runtime.execute(parsed.data, {
      toolCallId: header.toolCallId,
      messages: [],
      abortSignal: context.cancellationSignal,
      context: toolContext,
    });
    return lastValue(output);
  };
}

/** Tools may stream partial outputs (an async iterable); the model reads the last one, as the AI SDK does. */
async function lastValue(output: unknown): Promise<unknown> {
  const resolved: unknown = await output;
  if (resolved !== null && typeof resolved === 'object' && Symbol.asyncIterator in resolved) {
    let last: unknown;
    for await (const value of resolved as AsyncIterable<unknown>) last = value;
    return last ?? null;
  }
  return resolved ?? null;
}
