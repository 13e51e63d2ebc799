/**
 * A branch of a step whose agent is an LLM agent: grants the conversation its budget allowance, runs it as a child
 * workflow (its own history, visible in the UI, continuing as new on its own), charges what it used to the step and
 * the orchestration, and tells the health registry how the agent's model fared. Answers like an agent dispatch.
 */
import { ApplicationFailure, executeChild, isCancellation, workflowInfo } from '@temporalio/workflow';
import { snapshotAllowsDispatch, type HealthSnapshot } from '../orchestration/agent-health';
import type { AgentPolicy } from '../orchestration/agent-policy';
import {
  addConversationStats,
  conversationWorkflowId,
  CONVERSATION_WORKFLOW,
  type ConversationFailureDetails,
  type ConversationInput,
  type ConversationResult,
} from '../orchestration/conversation-api';
import { readConversationFailure } from '../orchestration/conversation-failure';
import { FailureType } from '../orchestration/failure-types';
import {
  allowanceEmpty,
  allowanceFor,
  budgetSpecOf,
  emptyBudgetLedger,
  reserveAllowance,
  settleAllowance,
  tighterBudget,
  type BudgetLedger,
} from '../orchestration/llm-allowance';
import type { LlmPolicy } from '../orchestration/llm-policy';
import { addUsage, NO_USAGE, type LlmUsage } from '../orchestration/llm-usage';
import { healthKeysFor } from '../orchestration/step-chain';
import type { AgentInstruction, AgentReply, StepRecord } from '../orchestration/types';
import type { OrchestrationRuntime } from './orchestration-runtime';
import { publishLlmUsage } from './llm-visibility';

export interface ConversationBranch {
  readonly record: StepRecord;
  readonly policy: AgentPolicy & { readonly llm: LlmPolicy };
  readonly instruction: AgentInstruction;
  /** The step's own budget (plan step or router), replacing the request's `budget.perStep`. */
  readonly stepBudget: Parameters<typeof budgetSpecOf>[0];
}

export function isLlmPolicy(policy: AgentPolicy): policy is AgentPolicy & { readonly llm: LlmPolicy } {
  return policy.llm !== undefined;
}

/**
 * Resolves with an agent reply when the conversation answered; otherwise rejects with the conversation's failure,
 * whose details name the reason (readConversationFailure).
 */
export async function runConversationBranch(
  runtime: OrchestrationRuntime,
  run: ConversationBranch,
): Promise<AgentReply> {
  const { record, policy, instruction } = run;
  const { identity } = instruction;
  const key = `${record.id}#${identity.dispatch}`;
  const now = Date.now();
  const requestBudget = runtime.request.budget;
  const orchestrationBudget = budgetSpecOf(requestBudget);
  const ledger = (runtime.state.budget ??= emptyBudgetLedger(orchestrationBudget));
  const stepBudget = tighterBudget(budgetSpecOf(run.stepBudget ?? requestBudget?.perStep), policy.llm.budget);
  const allowance = allowanceFor({
    ledger,
    ...(orchestrationBudget ? { orchestration: orchestrationBudget } : {}),
    orchestrationStartedAt: runtime.state.startedAt,
    ...(stepBudget ? { step: stepBudget } : {}),
    stepUsed: record.usage ?? NO_USAGE,
    stepStartedAt: record.startedAt ?? now,
    ...(runtime.state.deadline !== undefined ? { deadline: runtime.state.deadline } : {}),
  });

  if (allowance.limits.costUsd !== undefined && !policy.llm.price) {
    throw ApplicationFailure.create({
      message:
        `budget.costUsd is set but agent "${identity.agent}" has no price for its model "${policy.llm.model}": ` +
        'add the model to its prices',
      type: FailureType.InvalidRequest,
      nonRetryable: true,
    });
  }
  if (allowanceEmpty(allowance, now)) {
    throw ApplicationFailure.create({
      message: `no budget left for step "${record.id}" before its conversation could start`,
      type: FailureType.BudgetExhausted,
      nonRetryable: true,
      details: [emptyHandedFailure()],
    });
  }

  runtime.state.budget = reserveAllowance(ledger, key, allowance);
  const input: ConversationInput = {
    orchestrationId: identity.orchestrationId,
    stepId: identity.stepId,
    dispatch: identity.dispatch,
    agent: identity.agent,
    mode: identity.mode,
    taskQueue: policy.taskQueue,
    task: instruction.task,
    llm: policy.llm,
    timeouts: policy.timeouts,
    retry: policy.retry,
    allowance,
    ...(runtime.state.deadline !== undefined ? { deadline: runtime.state.deadline } : {}),
  };
  try {
    const result = await executeChild<(input: ConversationInput) => Promise<ConversationResult>>(
      CONVERSATION_WORKFLOW,
      {
        workflowId: conversationWorkflowId(identity.orchestrationId, identity.stepId, identity.dispatch),
        taskQueue: workflowInfo().taskQueue,
        args: [input],
        memo: { agent: identity.agent, model: policy.llm.model, step: identity.stepId },
      },
    );
    record.conversation = addConversationStats(record.conversation, result.stats, result.turns);
    charge(runtime, record, key, result.usage);
    await runtime.reportOutcome(policy.llm.circuitKey, record.id, undefined);
    return { output: result.output, attempt: 1, agent: identity.agent };
  } catch (error) {
    const failure = readConversationFailure(error);
    if (failure && failure.details.stats.modelCalls > 0) {
      record.conversation = addConversationStats(record.conversation, failure.details.stats, failure.details.turns);
    }
    // Without details (terminated, timed out, cancelled) nobody knows what was spent: the whole allowance counts.
    charge(runtime, record, key, failure?.details.usage);
    if (isCancellation(error)) throw error;
    if (failure?.details.providerFailure) await runtime.reportOutcome(policy.llm.circuitKey, record.id, failure.reason);
    throw error;
  }
}

function charge(runtime: OrchestrationRuntime, record: StepRecord, key: string, used: LlmUsage | undefined): void {
  const ledger: BudgetLedger = runtime.state.budget ?? emptyBudgetLedger();
  const before = ledger.used;
  runtime.state.budget = settleAllowance(ledger, key, used);
  const charged = subtract(runtime.state.budget.used, before);
  record.usage = addUsage(record.usage ?? NO_USAGE, charged);
  runtime.changed();
  publishLlmUsage(runtime.request, runtime.state);
}

function subtract(after: LlmUsage, before: LlmUsage): LlmUsage {
  return {
    inputTokens: after.inputTokens - before.inputTokens,
    outputTokens: after.outputTokens - before.outputTokens,
    modelCalls: after.modelCalls - before.modelCalls,
    costUsd: Math.round((after.costUsd - before.costUsd) * 1e9) / 1e9,
  };
}

function emptyHandedFailure(): ConversationFailureDetails {
  return {
    reason: 'budget_exhausted',
    usage: NO_USAGE,
    turns: 0,
    stats: { modelCalls: 0, toolCalls: 0, failures: {} },
    providerFailure: false,
  };
}

/** The agents' own keys, then the circuit keys of the LLM agents' models (shared by every agent on that model). */
export function healthKeysOf(runtime: OrchestrationRuntime, agents: readonly string[]): string[] {
  return healthKeysFor(agents, runtime.state.policies);
}

/** An LLM agent is bypassed while its model's circuit is open, whichever agent's failures opened it. */
export function modelCircuitAllows(
  runtime: OrchestrationRuntime,
  health: HealthSnapshot | undefined,
  agent: string,
  now: number,
): boolean {
  const circuit = runtime.state.policies[agent]?.llm?.circuitKey;
  return circuit === undefined || snapshotAllowsDispatch(health, circuit, now);
}
