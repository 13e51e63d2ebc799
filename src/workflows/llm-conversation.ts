/**
 * The durable loop of one LLM agent's conversation, run as a child workflow of the orchestration (one per branch):
 * a model call, the tools it asked for, the next model call, until the model answers without calling a tool. Every
 * model-call attempt and every tool call is an activity on the agent's task queue, so each is recorded in history and
 * none that finished is made again after a crash. Budgets are reserved before each call and charged from recorded
 * results only; long conversations keep a window of recent turns and continue as new with just that.
 */
import {
  ApplicationFailure,
  continueAsNew,
  isCancellation,
  log,
  proxyActivities,
  sleep,
  workflowInfo,
  type ActivityOptions,
  type UntypedActivities,
} from '@temporalio/workflow';
import {
  modelActivityName,
  toolActivityName,
  toolCallIdempotencyKey,
  type ConversationCarry,
  type ConversationFailureDetails,
  type ConversationInput,
  type ConversationResult,
  type ConversationStats,
  type ModelCallHeader,
  type ModelCallResult,
  type ToolCallHeader,
  type ToolCallRequest,
} from '../orchestration/conversation-api';
import { admitToolCalls, initialConversationGuard, turnAllowed } from '../orchestration/conversation-guard';
import {
  appendTurn,
  EMPTY_TRANSCRIPT,
  estimateTokens,
  toolResultsMessage,
  windowMessages,
  type ToolResultContent,
} from '../orchestration/conversation-transcript';
import { finalOutput } from '../orchestration/conversation-output';
import { FailureType } from '../orchestration/failure-types';
import { remainingLimits, reserveModelCall, type BudgetField } from '../orchestration/llm-budget';
import {
  describeModelCallFailure,
  isProviderFailure,
  nextModelAttempt,
  readModelCallFailure,
  type ModelCallFailure,
} from '../orchestration/llm-failures';
import { addUsage, callUsage, NO_USAGE, type TokenCount } from '../orchestration/llm-usage';
import type { FallbackReason } from '../orchestration/types';

const NO_STATS: ConversationStats = { modelCalls: 0, toolCalls: 0, failures: {} };

/** `carry` is set only by continue-as-new. */
export async function llmConversation(
  input: ConversationInput,
  carry?: ConversationCarry,
): Promise<ConversationResult> {
  let state: ConversationCarry = carry ?? {
    turn: 0,
    transcript: EMPTY_TRANSCRIPT,
    usage: NO_USAGE,
    guard: initialConversationGuard(),
    stats: NO_STATS,
    runs: 0,
  };
  const limits = { maxTurns: input.llm.maxTurns, loopThreshold: input.llm.loopThreshold };
  const fail = (
    reason: FallbackReason,
    type: string,
    message: string,
    extra: Partial<ConversationFailureDetails> = {},
  ) =>
    conversationFailure(type, message, {
      reason,
      usage: state.usage,
      turns: state.turn,
      stats: state.stats,
      providerFailure: false,
      ...extra,
    });

  for (;;) {
    if (continueAsNewDue(input)) {
      return continueAsNew<typeof llmConversation>(input, { ...state, runs: state.runs + 1 });
    }
    const turn = state.turn + 1;
    if (!turnAllowed(turn, limits)) {
      throw fail('max_turns', FailureType.MaxTurnsExceeded, `no answer after ${limits.maxTurns} turns (maxTurns)`);
    }

    const call = await callModel(input, state, turn, (next) => (state = next));
    if (call.kind === 'budget') {
      throw fail('budget_exhausted', FailureType.BudgetExhausted, call.message, { budgetField: call.field });
    }
    if (call.kind === 'failed') {
      throw fail(call.reason, call.type, call.message, { providerFailure: call.providerFailure });
    }
    const answer = call.result;
    if (answer.toolCalls.length === 0) {
      state = { ...state, turn };
      const output = finalOutput(answer.text, input.llm.output ?? 'text');
      if (!output.ok) throw fail('invalid_result', FailureType.InvalidAgentResult, output.error);
      return { output: output.value, turns: turn, usage: state.usage, stats: state.stats, model: input.llm.model };
    }

    const valid = answer.toolCalls.filter((toolCall) => toolCall.invalid === undefined);
    const verdict = admitToolCalls(state.guard, valid, limits);
    if (verdict.kind === 'loop') throw fail('tool_loop', FailureType.ToolLoopDetected, verdict.message);
    const results = await Promise.all(answer.toolCalls.map((toolCall, index) => runTool(input, turn, index, toolCall)));
    state = {
      ...state,
      turn,
      guard: verdict.state,
      stats: { ...state.stats, toolCalls: state.stats.toolCalls + valid.length },
      transcript: appendTurn(
        state.transcript,
        { turn, messages: [answer.message, toolResultsMessage(results)] },
        input.llm.compaction,
      ),
    };
  }
}

type ModelCallOutcome =
  | { readonly kind: 'answered'; readonly result: ModelCallResult }
  | { readonly kind: 'budget'; readonly field: BudgetField; readonly message: string }
  | {
      readonly kind: 'failed';
      readonly reason: FallbackReason;
      readonly type: string;
      readonly message: string;
      readonly providerFailure: boolean;
    };

/** One model call: attempts until one answers, each reserved before it runs and charged once it ended. */
async function callModel(
  input: ConversationInput,
  initial: ConversationCarry,
  turn: number,
  update: (state: ConversationCarry) => void,
): Promise<ModelCallOutcome> {
  let state = initial;
  const messages = windowMessages(state.transcript);
  const inputTokensEstimate = input.llm.fixedPromptTokens + estimateTokens(input.task) + estimateTokens(messages);
  for (let attempt = 1; ; attempt++) {
    const now = Date.now();
    const remaining = { ...input.allowance, limits: remainingLimits(input.allowance.limits, state.usage) };
    const verdict = reserveModelCall(remaining, {
      inputTokensEstimate,
      maxOutputTokens: input.llm.maxOutputTokens,
      minOutputTokens: input.llm.minOutputTokens,
      price: input.llm.price,
      now,
    });
    if (verdict.kind === 'exhausted') return { kind: 'budget', field: verdict.field, message: verdict.message };

    const header: ModelCallHeader = {
      conversationId: workflowInfo().workflowId,
      orchestrationId: input.orchestrationId,
      stepId: input.stepId,
      agent: input.agent,
      mode: input.mode,
      turn,
      attempt,
      maxOutputTokens: verdict.maxOutputTokens,
      inputTokensEstimate,
      droppedTurns: state.transcript.droppedTurns,
      ...(input.deadline !== undefined ? { deadline: input.deadline } : {}),
    };
    const timeLeft = timeLeftMs(input, now);
    const activities = proxyActivities<UntypedActivities>(modelCallOptions(input, turn, attempt, timeLeft));
    try {
      // The task and every message are arguments of their own: each is a payload that can be stored once and referenced.
      const result = (await activities[modelActivityName(input.agent)]!(
        header,
        input.task,
        ...messages,
      )) as ModelCallResult;
      state = charge(input, state, result.usage, undefined);
      update(state);
      return { kind: 'answered', result };
    } catch (error) {
      if (isCancellation(error)) throw error;
      const failure = readModelCallFailure(error);
      state = charge(
        input,
        state,
        failure.kind === 'timeout' || failure.kind === 'application' ? failure.partialUsage : undefined,
        failure,
      );
      update(state);
      const decision = nextModelAttempt(failure, attempt, input.retry, timeLeftMs(input, Date.now()));
      log.info('model call attempt failed', {
        turn,
        attempt,
        failure: describeModelCallFailure(failure),
        decision: decision.kind === 'retry' ? `retry in ${decision.delayMs}ms` : `give up: ${decision.reason}`,
      });
      if (decision.kind === 'give_up') {
        return {
          kind: 'failed',
          reason: decision.reason,
          type: failure.kind === 'application' ? failure.type : 'ModelCallFailed',
          message: `model call of turn ${turn} failed after ${attempt} attempt(s): ${describeModelCallFailure(failure)}`,
          providerFailure: isProviderFailure(failure),
        };
      }
      await sleep(decision.delayMs);
    }
  }
}

/** Every attempt counts as a model call; tokens as reported, or as far as a failed attempt got. */
function charge(
  input: ConversationInput,
  state: ConversationCarry,
  tokens: TokenCount | undefined,
  failure: ModelCallFailure | undefined,
): ConversationCarry {
  const used = callUsage(tokens ?? { inputTokens: 0, outputTokens: 0 }, input.llm.price);
  const failures = failure
    ? { ...state.stats.failures, [failureKey(failure)]: (state.stats.failures[failureKey(failure)] ?? 0) + 1 }
    : state.stats.failures;
  return {
    ...state,
    usage: addUsage(state.usage, used),
    stats: { ...state.stats, modelCalls: state.stats.modelCalls + 1, failures },
  };
}

function failureKey(failure: ModelCallFailure): string {
  if (failure.kind === 'timeout') return `${failure.timeoutType.toLowerCase()}_timeout`;
  if (failure.kind === 'application') return failure.type;
  return failure.kind;
}

/** A tool's failure (after its own retries) is the model's to read, as the AI SDK does; only cancellation escapes. */
async function runTool(
  input: ConversationInput,
  turn: number,
  index: number,
  call: ToolCallRequest,
): Promise<ToolResultContent> {
  const answer = (output: ToolResultContent['output']): ToolResultContent => ({
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    output,
  });
  const policy = input.llm.tools[call.toolName];
  if (call.invalid !== undefined) return answer({ type: 'error-text', value: call.invalid });
  if (!policy) return answer({ type: 'error-text', value: `there is no tool "${call.toolName}"` });

  const header: ToolCallHeader = {
    conversationId: workflowInfo().workflowId,
    orchestrationId: input.orchestrationId,
    stepId: input.stepId,
    agent: input.agent,
    turn,
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    idempotencyKey: toolCallIdempotencyKey(input.orchestrationId, input.stepId, input.dispatch, turn, index),
    ...(input.deadline !== undefined ? { deadline: input.deadline } : {}),
  };
  const activities = proxyActivities<UntypedActivities>({
    taskQueue: input.taskQueue,
    activityId: `turn-${turn}.tool-${index}.${call.toolName}`,
    scheduleToStartTimeout: policy.timeouts.scheduleToStart,
    startToCloseTimeout: policy.timeouts.startToClose,
    ...(policy.timeouts.heartbeat !== undefined ? { heartbeatTimeout: policy.timeouts.heartbeat } : {}),
    retry: {
      maximumAttempts: policy.retry.maxAttempts,
      initialInterval: policy.retry.initialInterval,
      backoffCoefficient: policy.retry.backoffCoefficient,
      maximumInterval: policy.retry.maxInterval,
      nonRetryableErrorTypes: [...policy.retry.nonRetryableErrorTypes],
    },
  });
  try {
    const output: unknown = await activities[toolActivityName(input.agent, call.toolName)]!(header, call.input);
    return answer({ type: 'json', value: output ?? null });
  } catch (error) {
    if (isCancellation(error)) throw error;
    const failure = readModelCallFailure(error);
    return answer({
      type: 'error-text',
      value: `tool "${call.toolName}" failed: ${describeModelCallFailure(failure)}`,
    });
  }
}

/** One attempt per activity: the conversation retries, so every attempt is recorded and charged on its own. */
function modelCallOptions(
  input: ConversationInput,
  turn: number,
  attempt: number,
  timeLeft: number | undefined,
): ActivityOptions {
  const { timeouts } = input;
  const startToClose =
    timeLeft === undefined ? timeouts.startToClose : Math.max(1, Math.min(timeouts.startToClose, timeLeft));
  return {
    taskQueue: input.taskQueue,
    activityId: `turn-${turn}.model.${attempt}`,
    scheduleToStartTimeout: timeouts.scheduleToStart,
    startToCloseTimeout: startToClose,
    heartbeatTimeout: Math.min(timeouts.heartbeat, startToClose),
    retry: { maximumAttempts: 1 },
  };
}

/** Until the wall-time budget or the orchestration's deadline, whichever is first. */
function timeLeftMs(input: ConversationInput, now: number): number | undefined {
  const ends = [input.allowance.notAfter, input.deadline].filter((at): at is number => at !== undefined);
  return ends.length > 0 ? Math.min(...ends) - now : undefined;
}

function continueAsNewDue(input: ConversationInput): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= input.llm.continueAsNewAfterEvents;
}

function conversationFailure(type: string, message: string, details: ConversationFailureDetails): ApplicationFailure {
  // Non-retryable: a conversation is never re-run as a whole; the step's fallback chain decides what comes next.
  return ApplicationFailure.create({ message, type, nonRetryable: true, details: [details] });
}
