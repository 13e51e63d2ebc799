/** Drives a plan: starts every ready step (in parallel where independent) until all settle or one fails. */
import { CancellationScope, isCancellation } from '@temporalio/workflow';
import type { PlanStep } from '../config/orchestration-request';
import { FailureType, type OrchestrationFailure } from '../orchestration/failure-types';
import { findStep, planOutput } from '../orchestration/orchestration-state';
import { dependencyResults, planProgress, readySteps } from '../orchestration/plan-scheduler';
import type { StepRecord } from '../orchestration/types';
import { runApprovalStep } from './approval';
import type { OrchestrationRuntime } from './orchestration-runtime';
import type { RunEnd } from './run-end';
import { runAgentStep } from './step-runner';

export async function runPlan(runtime: OrchestrationRuntime): Promise<RunEnd> {
  const plan = runtime.request.plan!;
  const specs = new Map<string, PlanStep>(plan.steps.map((step) => [step.id, step]));
  const inFlight = new Map<string, Promise<void>>();
  // A launched step counts as in flight even before its record says so.
  const stateOf = (id: string) => (inFlight.has(id) ? 'running' : findStep(runtime.state, id)?.state);
  const stepsScope = new CancellationScope();
  let bug: unknown;

  const launch = (record: StepRecord): void => {
    if (inFlight.has(record.id)) return;
    const spec = specs.get(record.id)!;
    const running = stepsScope
      .run(() =>
        spec.kind === 'approval' ? runApprovalStep(runtime, record, spec) : runPlanAgentStep(runtime, record, spec),
      )
      .catch((error: unknown) => {
        if (!isCancellation(error)) bug ??= error;
      })
      .finally(() => {
        inFlight.delete(record.id);
        runtime.changed();
      });
    inFlight.set(record.id, running);
  };

  // Approval waits set aside by the previous run's drain resume where they were.
  for (const record of runtime.state.steps) {
    if (record.state === 'awaiting_approval') launch(record);
  }

  for (;;) {
    if (bug !== undefined) throw bug;
    const failed = runtime.state.steps.find((record) => record.state === 'failed');
    if (failed) {
      stepsScope.cancel();
      await Promise.all(inFlight.values());
      return { kind: 'failed', failure: stepFailure(failed) };
    }
    runtime.draining = runtime.continueAsNewDue();
    if (!runtime.state.paused && !runtime.draining) {
      for (const id of readySteps(plan.steps, stateOf, plan.maxParallel - inFlight.size)) {
        launch(findStep(runtime.state, id)!);
      }
    }
    const progress = planProgress(plan.steps, stateOf);
    if (progress.kind === 'complete') return { kind: 'completed', output: planOutput(runtime.state, plan.steps) };
    if (inFlight.size === 0) {
      if (runtime.draining) return { kind: 'continue' };
      if (progress.kind === 'blocked') {
        return {
          kind: 'failed',
          failure: { type: FailureType.PlanBlocked, message: `steps ${progress.stepIds.join(', ')} can never run` },
        };
      }
    }
    await runtime.changeAfter(runtime.version);
  }
}

function runPlanAgentStep(
  runtime: OrchestrationRuntime,
  record: StepRecord,
  spec: PlanStep & { kind: 'agent' },
): Promise<void> {
  const resultOf = (id: string) => findStep(runtime.state, id);
  return runAgentStep(runtime, {
    record,
    task: { goal: runtime.state.goal, input: spec.input, results: dependencyResults(spec, resultOf) },
    overrides: spec,
  });
}

function stepFailure(record: StepRecord): OrchestrationFailure {
  return {
    type: record.kind === 'approval' ? FailureType.ApprovalRejected : FailureType.StepFailed,
    message: record.error ?? `step "${record.id}" failed`,
    stepId: record.id,
  };
}
