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

export async function runRouter(rt: OrchestrationRuntime): Promise<RunEnd> {
  const router = rt.request.router!;
  const routing = rt.state.router!;
  for (;;) {
    if (rt.continueAsNewDue()) return { kind: 'continue' };
    await rt.waitWhilePaused();

    routing.routerCalls += 1;
    const routeRecord = addStep(
      rt,
      newStepRecord({
        id: uniqueStepId(rt.state, `route-${routing.routerCalls}`),
        kind: 'router',
        agent: router.agent,
      }),
    );
    await runAgentStep(rt, {
      record: routeRecord,
      task: {
        goal: rt.state.goal,
        input: routerTaskInput(rt.state, router.input, rt.request.maxSteps),
        results: agentResults(rt.state),
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
    if (decision.kind === 'done') return { kind: 'completed', output: decision.result ?? lastResult(rt) };

    const verdict = admitRoutingDecision(routing.guard, decision, {
      maxSteps: rt.request.maxSteps,
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
      rt,
      newStepRecord({
        id: uniqueStepId(rt.state, decision.stepId ?? `step-${verdict.state.dispatched}`),
        kind: 'agent',
        agent: decision.agent,
        input: decision.input,
      }),
    );
    await runAgentStep(rt, {
      record: stepRecord,
      task: { goal: rt.state.goal, input: decision.input, results: agentResults(rt.state) },
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

function addStep(rt: OrchestrationRuntime, record: StepRecord): StepRecord {
  rt.state.steps.push(record);
  rt.changed();
  return record;
}

/** Without an explicit result, a router orchestration's output is its last succeeded step's result. */
function lastResult(rt: OrchestrationRuntime): unknown {
  for (let i = rt.state.steps.length - 1; i >= 0; i--) {
    const step = rt.state.steps[i]!;
    if (step.kind === 'agent' && step.state === 'succeeded') return step.result;
  }
  return undefined;
}
