/**
 * The activity behind one model-call attempt of an LLM agent (`<agent>/model`): the AI SDK's streamText (or
 * generateText) over the agent's model, wrapped in Steadfast's middleware, which clamps the output to what the budget
 * left and turns every streamed part into a heartbeat. Provider errors are classified here, with the partial usage of
 * the attempt. Tools are offered to the model without `execute`: the conversation runs each call as its own activity.
 */
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import {
  generateText,
  streamText,
  tool,
  wrapLanguageModel,
  type LanguageModelMiddleware,
  type ModelMessage,
  type ToolSet,
} from 'ai';
import type { ModelCallHeader, ModelCallResult, ToolCallRequest } from '../../orchestration/conversation-api';
import { estimateTokens, type TranscriptMessage } from '../../orchestration/conversation-transcript';
import { FailureType } from '../../orchestration/failure-types';
import { LlmFailureType } from '../../orchestration/llm-failures';
import type { AgentTask } from '../../orchestration/types';
import { droppedTurnsNote } from './first-prompt';
import type { LlmAgentRuntime } from './llm-agent-runtime';
import { recordModelCall } from './llm-metrics';
import { classifyProviderError, providerFailure } from './provider-errors';
import { openStreamLiveness, type StreamLiveness } from './stream-liveness';

export type ModelCallActivity = (
  header: ModelCallHeader,
  task: AgentTask,
  ...messages: TranscriptMessage[]
) => Promise<ModelCallResult>;

export function createModelCallActivity(agent: string, runtime: LlmAgentRuntime): ModelCallActivity {
  const offeredTools = toolsWithoutExecute(runtime);
  return async (header, task, ...messages) => {
    assertHeader(header, agent);
    const context = Context.current();
    const liveness = openStreamLiveness({
      heartbeat: (progress) => context.heartbeat(progress),
      heartbeatTimeoutMs: context.info.heartbeatTimeoutMs,
      firstTokenTimeoutMs: runtime.firstTokenTimeoutMs,
      inputTokensEstimate: header.inputTokensEstimate,
      cancellation: context.cancellationSignal,
      streaming: runtime.stream,
    });
    const call = {
      model: wrapLanguageModel({
        model: runtime.model,
        // Steadfast's middleware goes last, nearest the provider, so it sees the parts as they arrive.
        middleware: [...runtime.middleware, steadfastMiddleware(header.maxOutputTokens, liveness)],
      }),
      ...(runtime.system !== undefined ? { system: runtime.system } : {}),
      messages: [
        { role: 'user', content: runtime.prompt(task) + droppedTurnsNote(header.droppedTurns) },
        ...(messages as unknown as ModelMessage[]),
      ] as ModelMessage[],
      ...(Object.keys(offeredTools).length > 0 ? { tools: offeredTools } : {}),
      maxOutputTokens: header.maxOutputTokens,
      abortSignal: liveness.signal,
      // Retries belong to the conversation: each attempt is its own recorded activity, charged on its own.
      maxRetries: 0,
      ...(runtime.temperature !== undefined ? { temperature: runtime.temperature } : {}),
      providerOptions: {
        ...runtime.providerOptions,
        steadfast: { conversationId: header.conversationId, turn: header.turn, attempt: header.attempt },
      },
    };
    try {
      const result = runtime.stream ? await streamed(call) : await generated(call);
      const answer = toResult(result, header);
      recordModelCall(
        context.metricMeter,
        { agent, model: runtime.modelName, price: runtime.price },
        answer.usage,
        'ok',
      );
      return answer;
    } catch (error) {
      const failure = failureOf(error, liveness, context.cancellationSignal);
      if (failure instanceof ApplicationFailure) {
        recordModelCall(
          context.metricMeter,
          { agent, model: runtime.modelName, price: runtime.price },
          liveness.partialUsage(),
          failure.type ?? 'error',
        );
      }
      throw failure;
    } finally {
      liveness.close();
    }
  };
}

type CallOptions = Parameters<typeof streamText>[0] & Parameters<typeof generateText>[0];

interface CallOutcome {
  readonly text: string;
  readonly toolCalls: readonly {
    toolCallId: string;
    toolName: string;
    input: unknown;
    invalid?: boolean | undefined;
    error?: unknown;
  }[];
  readonly responseMessages: readonly unknown[];
  readonly usage: { readonly inputTokens?: number | undefined; readonly outputTokens?: number | undefined };
  readonly finishReason: string;
}

async function streamed(call: CallOptions): Promise<CallOutcome> {
  const result = streamText({ ...call, onError: () => undefined });
  let failure: unknown;
  for await (const part of result.fullStream) {
    if (part.type === 'error') failure ??= part.error;
  }
  if (failure !== undefined) throw failure;
  const [text, toolCalls, response, usage, finishReason] = await Promise.all([
    result.text,
    result.toolCalls,
    result.response,
    result.usage,
    result.finishReason,
  ]);
  return { text, toolCalls, responseMessages: response.messages, usage, finishReason };
}

async function generated(call: CallOptions): Promise<CallOutcome> {
  const result = await generateText(call);
  return {
    text: result.text,
    toolCalls: result.toolCalls,
    responseMessages: result.response.messages,
    usage: result.usage,
    finishReason: result.finishReason,
  };
}

function toResult(outcome: CallOutcome, header: ModelCallHeader): ModelCallResult {
  const toolCalls: ToolCallRequest[] = outcome.toolCalls.map((call) => ({
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    input: call.input ?? null,
    ...(call.invalid === true ? { invalid: describeInvalid(call.error) } : {}),
  }));
  const assistant = outcome.responseMessages.find(
    (message): message is TranscriptMessage => (message as { role?: unknown }).role === 'assistant',
  );
  const reported = outcome.usage.inputTokens !== undefined && outcome.usage.outputTokens !== undefined;
  return {
    message: jsonClean(assistant ?? { role: 'assistant', content: outcome.text }),
    text: outcome.text,
    toolCalls,
    finishReason: outcome.finishReason,
    usage: reported
      ? { inputTokens: outcome.usage.inputTokens!, outputTokens: outcome.usage.outputTokens! }
      : {
          inputTokens: header.inputTokensEstimate,
          outputTokens: estimateTokens(outcome.text) + estimateTokens(toolCalls),
        },
    usageReported: reported,
  };
}

/** Clamps the output to the reservation and reports every streamed part to the liveness watch. */
function steadfastMiddleware(maxOutputTokens: number, liveness: StreamLiveness): LanguageModelMiddleware {
  return {
    transformParams: async ({ params }) => ({
      ...params,
      maxOutputTokens: Math.min(params.maxOutputTokens ?? maxOutputTokens, maxOutputTokens),
    }),
    wrapStream: async ({ doStream }) => {
      const { stream, ...rest } = await doStream();
      return {
        ...rest,
        stream: stream.pipeThrough(
          new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
            transform(part, controller) {
              liveness.onPart(part as { type: string; delta?: unknown });
              controller.enqueue(part);
            },
          }),
        ),
      };
    },
  };
}

/** Cancellation stays cancellation; a stall and a provider error become a classified, recorded failure. */
function failureOf(error: unknown, liveness: StreamLiveness, cancellation: AbortSignal): Error {
  if (cancellation.aborted) {
    const reason: unknown = cancellation.reason;
    return reason instanceof Error ? reason : new CancelledFailure('model call cancelled');
  }
  if (liveness.stalled()) {
    return providerFailure(
      { type: LlmFailureType.StreamStalled, message: 'the model stream stopped sending tokens' },
      liveness.partialUsage(),
    );
  }
  return providerFailure(classifyProviderError(error), liveness.partialUsage());
}

function toolsWithoutExecute(runtime: LlmAgentRuntime): ToolSet {
  const offered: ToolSet = {};
  for (const [name, { tool: defined }] of Object.entries(runtime.tools)) {
    offered[name] = tool({
      ...(defined.description !== undefined ? { description: defined.description } : {}),
      inputSchema: defined.inputSchema,
    } as never);
  }
  return offered;
}

function describeInvalid(error: unknown): string {
  const message =
    error instanceof Error
      ? error.message
      : typeof error === 'object' && error !== null && 'message' in error
        ? String((error as { message: unknown }).message)
        : String(error);
  return `invalid tool call: ${message}`;
}

/** Messages travel as JSON: drop undefined fields and anything that is not data. */
function jsonClean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function assertHeader(header: unknown, agent: string): asserts header is ModelCallHeader {
  const value = header as Partial<ModelCallHeader> | null;
  if (
    value === null ||
    typeof value !== 'object' ||
    typeof value.turn !== 'number' ||
    typeof value.maxOutputTokens !== 'number' ||
    typeof value.inputTokensEstimate !== 'number'
  ) {
    throw ApplicationFailure.create({
      message: `"${agent}/model" takes a model-call header, the task and the messages; it is run by llmConversation`,
      type: FailureType.InvalidInstruction,
      nonRetryable: true,
    });
  }
}
