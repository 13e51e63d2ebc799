/**
 * The orchestrator workflow: runs a plan or a router loop with per-step fallback chains, honours
 * pause/resume/cancel and its deadline, and continues as new with all state when history grows large.
 */
import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  makeContinueAsNewFunc,
  patched,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { OrchestrationRequest } from '../config/orchestration-request';
import { FailureType, type OrchestrationFailure } from '../orchestration/failure-types';
import { budgetSpecOf, emptyBudgetLedger } from '../orchestration/llm-allowance';
import { initialOrchestrationState, type OrchestrationState } from '../orchestration/orchestration-state';
import { requestIntegrityProblems } from '../orchestration/request-integrity';
import { buildResult, buildStatus, type OrchestrationResult } from '../orchestration/status-view';
import { cancelStep, newStepRecord } from '../orchestration/step-records';
import { installOrchestrationHandlers } from './orchestration-handlers';
import { OrchestrationRuntime } from './orchestration-runtime';
import { runPlan } from './plan-runner';
import { runRouter } from './router-runner';
import type { RunEnd } from './run-end';
import { createVisibilityPublisher, publishMemo } from './visibility';

/**
 * Orchestrations started on code with this patch reuse circuit snapshots and hand over health reports in batches
 * (health-exchange, docs/patching.md). Older histories replay the path that asks and tells on every dispatch.
 */
export const LEAN_STEPS_PATCH = 'steadfast-lean-steps';

/**
 * Orchestrations started on code with this patch refuse early, unknown or duplicate approvals instead of holding
 * them, and publish SteadfastStatus 'awaiting_approval' while an approval waits (docs/orchestration.md).
 */
export const OPERATOR_UPDATES_PATCH = 'steadfast-operator-updates';

/**
 * Orchestrations started on code with this patch wake their plan loop with a promise at each change of state instead
 * of a condition(), which saves a call into the workflow sandbox per activation, and learn a new agent's policies and
 * circuits in one local activity before a step's first dispatch instead of two or three (docs/patching.md).
 */
export const CHANGE_WAKEUPS_PATCH = 'steadfast-change-wakeups';

/** `carried` is set only by continue-as-new. */
export async function orchestrate(
  request: OrchestrationRequest,
  carried?: OrchestrationState,
): Promise<OrchestrationResult> {
  const problems = requestIntegrityProblems(request);
  if (problems.length > 0) {
    throw ApplicationFailure.create({
      message: `invalid orchestration request:\n  ${problems.join('\n  ')}`,
      type: FailureType.InvalidRequest,
      nonRetryable: true,
    });
  }
  const state = carried ?? startState(request);
  const work = new CancellationScope();
  const leanSteps = patched(LEAN_STEPS_PATCH);
  const operatorUpdates = patched(OPERATOR_UPDATES_PATCH);
  const changeWakeups = patched(CHANGE_WAKEUPS_PATCH);
  const runtime = new OrchestrationRuntime(
    request,
    state,
    work,
    createVisibilityPublisher(request, state, { awaitingApproval: operatorUpdates }),
    { leanSteps, changeWakeups },
  );
  runtime.operatorUpdates = operatorUpdates;
  installOrchestrationHandlers(runtime);
  publishMemo(request, state);
  runtime.changed();
  armDeadline(runtime);

  let end: RunEnd | { kind: 'cancelled' };
  try {
    end = await work.run(() => (state.mode === 'plan' ? runPlan(runtime) : runRouter(runtime)));
  } catch (error) {
    if (!isCancellation(error)) throw error;
    if (runtime.stopReason === undefined) {
      // Cancelled through Temporal itself: record it, then let the workflow end as cancelled (nothing more is sent).
      settleAs(runtime, 'cancelled');
      throw error;
    }
    end = runtime.stopReason === 'cancel' ? { kind: 'cancelled' } : { kind: 'failed', failure: deadlineFailure(state) };
  }

  switch (end.kind) {
    case 'continue':
      await condition(allHandlersFinished);
      await runtime.settle();
      state.generation += 1;
      return continueWithState(request, state);
    case 'completed':
      state.output = end.output;
      settleAs(runtime, 'completed');
      await runtime.settle();
      return buildResult(state, Date.now());
    case 'cancelled':
      settleAs(runtime, 'cancelled');
      await runtime.settle();
      return buildResult(state, Date.now());
    case 'failed':
      state.failure = end.failure;
      settleAs(runtime, 'failed');
      await runtime.settle();
      throw orchestrationFailure(end.failure, state);
  }
}

function startState(request: OrchestrationRequest): OrchestrationState {
  const info = workflowInfo();
  const state = initialOrchestrationState({
    orchestrationId: info.workflowId,
    goal: request.goal,
    mode: request.plan ? 'plan' : 'router',
    startedAt: Date.now(),
    ...(request.deadline !== undefined ? { deadlineMs: request.deadline } : {}),
    steps: (request.plan?.steps ?? []).map((step) =>
      newStepRecord({
        id: step.id,
        kind: step.kind,
        agent: step.kind === 'agent' ? step.agent : 'approval',
        dependsOn: step.dependsOn,
        input: step.kind === 'agent' ? step.input : step.prompt,
        ...(step.kind === 'approval' && step.summaryFrom !== undefined ? { summaryFrom: step.summaryFrom } : {}),
      }),
    ),
  });
  // Workflow state only (no command): status shows the budget before the first LLM step spends from it.
  if (request.budget) state.budget = emptyBudgetLedger(budgetSpecOf(request.budget));
  return state;
}

/** Memo is passed on explicitly rather than relying on the server to inherit it; search attributes are republished. */
function continueWithState(request: OrchestrationRequest, state: OrchestrationState): Promise<never> {
  const { memo } = workflowInfo();
  return makeContinueAsNewFunc<typeof orchestrate>(memo ? { memo } : {})(request, state);
}

/** The deadline timer outlives the work scope, so it can cancel it. */
function armDeadline(runtime: OrchestrationRuntime): void {
  const { deadline } = runtime.state;
  if (deadline === undefined) return;
  const remaining = deadline - Date.now();
  if (remaining <= 0) {
    runtime.stop('deadline');
    return;
  }
  sleep(remaining).then(
    () => runtime.stop('deadline'),
    () => undefined,
  );
}

function settleAs(runtime: OrchestrationRuntime, phase: 'completed' | 'cancelled' | 'failed'): void {
  const now = Date.now();
  for (const record of runtime.state.steps) cancelStep(record, now);
  runtime.state.phase = phase;
  runtime.state.paused = false;
  runtime.changed();
}

function deadlineFailure(state: OrchestrationState): OrchestrationFailure {
  return {
    type: FailureType.DeadlineExceeded,
    message: `the orchestration passed its deadline (${new Date(state.deadline ?? Date.now()).toISOString()})`,
  };
}

/** Non-retryable, typed, with the final status attached for the client to show. */
function orchestrationFailure(failure: OrchestrationFailure, state: OrchestrationState): ApplicationFailure {
  return ApplicationFailure.create({
    message: failure.message,
    type: failure.type,
    nonRetryable: true,
    details: [buildStatus(state, Date.now())],
  });
}
