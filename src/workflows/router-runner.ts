/** Drives a router orchestration: ask the router for the next step, guard against loops, run it, repeat until done. */
import { FailureType } from '../orchestration/failure-types';
import { agentResults, uniqueStepId } from '../orchestration/orchestration-state';
import { admitRoutingDecision } from '../orchestration/router-guard';
import { routerTaskInput } from '../orchestration/router-view';
import { parseRoutingDecision, type RoutingDecision } from '../orchestration/routing-decision';
import { describeStepFailure, newStepRecord } from '../orchestration/step-records';
import type { StepRecord } from '../orchestration/types';
import type { OrchestrationRuntime } from './orchestration-runtime';
import type { RunEnd } from './run-end';
import { runAgentStep } from './step-runner';

const validateDecision = (output: unknown): string | undefined => {
  const parsed = parseRoutingDecision(output);
  return parsed.ok ? undefined : parsed.error;
};

export async function runRouter(runtime: OrchestrationRuntime): Promise<RunEnd> {
  const router = runtime.request.router!;
  const routing = runtime.state.router!;
  for (;;) {
    if (runtime.continueAsNewDue()) return { kind: 'continue' };
    await runtime.waitWhilePaused();

    routing.routerCalls += 1;
    const routeRecord = addStep(
      runtime,
      newStepRecord({
        id: uniqueStepId(runtime.state, `route-${routing.routerCalls}`),
        kind: 'router',
        agent: router.agent,
      }),
    );
    await runAgentStep(runtime, {
      record: routeRecord,
      task: {
        goal: runtime.state.goal,
        input: routerTaskInput(runtime.state, router.input, runtime.request.maxSteps),
        results: agentResults(runtime.state),
      },
      overrides: router,
      validate: validateDecision,
    });
    if (routeRecord.state !== 'succeeded') {
      return {
        kind: 'failed',
        failure: {
          type: FailureType.RouterFailed,
          message: routeRecord.error ?? describeStepFailure(routeRecord),
          stepId: routeRecord.id,
        },
      };
    }

    const decision = (parseRoutingDecision(routeRecord.result) as { ok: true; decision: RoutingDecision }).decision;
    if (decision.kind === 'done') return { kind: 'completed', output: decision.result ?? lastResult(runtime) };

    const verdict = admitRoutingDecision(routing.guard, decision, {
      maxSteps: runtime.request.maxSteps,
      loopThreshold: router.loopThreshold,
    });
    if (verdict.kind === 'loop') {
      return {
        kind: 'failed',
        failure: { type: FailureType.RoutingLoopDetected, message: verdict.message, stepId: routeRecord.id },
      };
    }
    if (verdict.kind === 'max_steps') {
      return {
        kind: 'failed',
        failure: { type: FailureType.MaxStepsExceeded, message: verdict.message, stepId: routeRecord.id },
      };
    }
    routing.guard = verdict.state;

    const stepRecord = addStep(
      runtime,
      newStepRecord({
        id: uniqueStepId(runtime.state, decision.stepId ?? `step-${verdict.state.dispatched}`),
        kind: 'agent',
        agent: decision.agent,
        input: decision.input,
      }),
    );
    await runAgentStep(runtime, {
      record: stepRecord,
      task: { goal: runtime.state.goal, input: decision.input, results: agentResults(runtime.state) },
    });
    if (stepRecord.state === 'failed') {
      return {
        kind: 'failed',
        failure: {
          type: FailureType.StepFailed,
          message: stepRecord.error ?? `step "${stepRecord.id}" failed`,
          stepId: stepRecord.id,
        },
      };
    }
  }
}

function addStep(runtime: OrchestrationRuntime, record: StepRecord): StepRecord {
  runtime.state.steps.push(record);
  runtime.changed();
  return record;
}

/** Without an explicit result, a router orchestration's output is its last succeeded step's result. */
function lastResult(runtime: OrchestrationRuntime): unknown {
  for (let i = runtime.state.steps.length - 1; i >= 0; i--) {
    const step = runtime.state.steps[i]!;
    if (step.kind === 'agent' && step.state === 'succeeded') return step.result;
  }
  return undefined;
}
