/**
 * Runs one agent step down its fallback chain: primary, alternates, autonomous branch, then skip or fail.
 * Every branch tried, bypassed or failed, and why, is recorded on the step as it happens.
 */
import { isCancellation, patched } from '@temporalio/workflow';
import { snapshotAllowsDispatch } from '../orchestration/agent-health';
import { resolveStepPolicy, type AgentPolicy, type StepPolicyOverrides } from '../orchestration/agent-policy';
import { branchTiming } from '../orchestration/dispatch-budget';
import { readConversationFailure } from '../orchestration/conversation-failure';
import {
  classifyAgentFailure,
  type AbandonedAttempt,
  type ClassifiedFailure,
} from '../orchestration/failure-classifier';
import { selectBranch, shouldFallBack, type Branch } from '../orchestration/fallback-chain';
import { idempotencyKeyFor } from '../orchestration/names';
import { dispatchedAgents, stepFallbackChain } from '../orchestration/step-chain';
import {
  beginBranch,
  bypassBranch,
  describeStepFailure,
  failBranch,
  failStep,
  markStarted,
  skipStep,
  succeedStep,
} from '../orchestration/step-records';
import type { AgentInstruction, AgentReply, AgentTask, BranchAttempt, StepRecord } from '../orchestration/types';
import { dispatchToAgent, runAutonomous } from './agent-dispatch';
import { healthKeysOf, isLlmPolicy, modelCircuitAllows, runConversationBranch } from './llm-branch';
import type { OrchestrationRuntime } from './orchestration-runtime';

/**
 * Orchestrations record why each abandoned attempt of a branch ended (earlierAttempts), which workers see since
 * their failure converter keeps a timeout's cause (src/payloads/timeout-cause-failure-converter.ts). Histories
 * written before replay without them, so the step's record and failure message stay as they were.
 */
export const EARLIER_ATTEMPTS_PATCH = 'steadfast-earlier-attempts';

export interface AgentStepRun {
  readonly record: StepRecord;
  readonly task: AgentTask;
  readonly overrides?: StepPolicyOverrides;
  /** Checks the agent's output; a message means the output is unusable (recorded as invalid_result). */
  readonly validate?: (output: unknown) => string | undefined;
}

/** Settles the step (succeeded, skipped or failed); only cancellation escapes as an exception. */
export async function runAgentStep(runtime: OrchestrationRuntime, run: AgentStepRun): Promise<void> {
  const { record } = run;
  markStarted(record, Date.now());
  runtime.changed();
  const described = runtime.describesStepOf(record.agent)
    ? await runtime.describeStep(record.agent, run.overrides)
    : undefined;
  await runtime.ensurePolicies([record.agent]);
  const policy = resolveStepPolicy(runtime.policyFor(record.agent), run.overrides);
  const chain = stepFallbackChain(
    record.agent,
    runtime.policyFor(record.agent),
    run.overrides,
    runtime.hasAutonomous(record.agent),
  );
  await runtime.ensurePolicies(chain.map((branch) => branch.agent));
  const health = await runtime.readHealth(healthKeysOf(runtime, dispatchedAgents(chain)), described);

  let from = 0;
  for (;;) {
    await runtime.waitWhilePaused();
    const selection = selectBranch(
      chain,
      from,
      (agent) =>
        snapshotAllowsDispatch(health, agent, Date.now()) && modelCircuitAllows(runtime, health, agent, Date.now()),
      policy.fallback.onExhausted,
    );
    for (const bypassed of selection.bypassed) bypassBranch(record, bypassed.branch, bypassed.reason, Date.now());
    if (selection.kind === 'exhausted') {
      if (selection.outcome === 'skip') skipStep(record, Date.now());
      else failStep(record, describeStepFailure(record), Date.now());
      runtime.changed();
      return;
    }
    const branchPolicy = policyForBranch(runtime, selection.branch, policy, run.overrides);
    const attempt = beginBranch(record, selection.branch, Date.now());
    runtime.changed();
    const done = await runBranch(runtime, run, selection.branch, branchPolicy, attempt);
    runtime.changed();
    if (done) return;
    from = selection.index + 1;
  }
}

/** Alternates are dispatched with their own policy; the step's overrides still apply to them. */
function policyForBranch(
  runtime: OrchestrationRuntime,
  branch: Branch,
  stepPolicy: AgentPolicy,
  overrides: StepPolicyOverrides | undefined,
): AgentPolicy {
  if (branch.mode !== 'alternate') return stepPolicy;
  return resolveStepPolicy(runtime.policyFor(branch.agent), { timeouts: overrides?.timeouts, retry: overrides?.retry });
}

/** True when the branch settled the step; false when the chain must move on. */
async function runBranch(
  runtime: OrchestrationRuntime,
  run: AgentStepRun,
  branch: Branch,
  policy: AgentPolicy,
  attempt: BranchAttempt,
): Promise<boolean> {
  const { record } = run;
  const dispatchAt = Date.now();
  const timing = branchTiming(policy.timeouts, policy.retry, dispatchAt, runtime.state.deadline);
  const instruction: AgentInstruction = {
    identity: {
      orchestrationId: runtime.state.orchestrationId,
      stepId: record.id,
      dispatch: attempt.dispatch,
      agent: branch.agent,
      mode: branch.mode,
      idempotencyKey: idempotencyKeyFor(runtime.state.orchestrationId, record.id),
      deadline: timing.deadline,
    },
    task: run.task,
  };
  const reportsHealth = branch.mode !== 'autonomous';
  try {
    const reply =
      branch.mode === 'autonomous'
        ? await runAutonomous(policy, instruction, timing)
        : isLlmPolicy(policy)
          ? await runConversationBranch(runtime, { record, policy, instruction, stepBudget: run.overrides?.budget })
          : await dispatchToAgent(policy, instruction, timing);
    const problem = replyProblem(reply) ?? run.validate?.((reply as AgentReply).output);
    if (problem !== undefined) {
      failBranch(record, attempt, 'invalid_result', problem, Date.now());
      if (reportsHealth) await runtime.reportOutcome(branch.agent, record.id, 'invalid_result');
      return false;
    }
    const { output, attempt: agentAttempts } = reply as AgentReply;
    succeedStep(record, attempt, output, agentAttempts, Date.now());
    if (reportsHealth) await runtime.reportOutcome(branch.agent, record.id, undefined);
    return true;
  } catch (error) {
    if (isCancellation(error)) throw error;
    const failure = readConversationFailure(error) ?? classifyAgentFailure(error);
    if (!shouldFallBack(failure.reason)) throw error;
    failBranch(record, attempt, failure.reason, failure.message, Date.now(), earlierAttemptsOf(failure));
    if (failure.allAttemptsUsed) attempt.agentAttempts = policy.retry.maxAttempts;
    if (reportsHealth) await runtime.reportOutcome(branch.agent, record.id, failure.reason);
    return false;
  }
}

/** Asks for the patch only when there is something to record, so only runs that record one carry its marker. */
function earlierAttemptsOf(failure: Pick<ClassifiedFailure, 'earlierAttempts'>): readonly AbandonedAttempt[] {
  const earlier = failure.earlierAttempts ?? [];
  return earlier.length > 0 && patched(EARLIER_ATTEMPTS_PATCH) ? earlier : [];
}

/** Agent activities answer with an envelope; anything else came from something that is not a Steadfast agent. */
function replyProblem(reply: unknown): string | undefined {
  if (
    reply !== null &&
    typeof reply === 'object' &&
    'output' in reply &&
    typeof (reply as AgentReply).attempt === 'number'
  ) {
    return undefined;
  }
  return 'the activity did not answer with a Steadfast agent reply { output, attempt, agent }';
}
