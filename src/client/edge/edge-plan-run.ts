/**
 * Runs a plan request in-process through the agents' `autonomous` handlers, as the orchestrator's autonomous branch
 * would: plan order, the same idempotency keys, step policies, maxSteps and deadline guards, and the same records.
 */
import type { AgentDefinition } from '../../activities/define-agent';
import { executeAgentHandler } from '../../activities/agent-activity';
import type { ActivityRuntime } from '../../activities/agent-context';
import { defaultAgentPolicy } from '../../config/agent-policy-schemas';
import type { AgentStep, OrchestrationRequest } from '../../config/orchestration-request';
import { resolveStepPolicy } from '../../orchestration/agent-policy';
import { classifyAgentFailure } from '../../orchestration/failure-classifier';
import { FailureType, type OrchestrationFailure } from '../../orchestration/failure-types';
import { idempotencyKeyFor } from '../../orchestration/names';
import {
  findStep,
  initialOrchestrationState,
  planOutput,
  type OrchestrationState,
} from '../../orchestration/orchestration-state';
import { dependencyResults, planProgress, readySteps } from '../../orchestration/plan-scheduler';
import { requestIntegrityProblems } from '../../orchestration/request-integrity';
import {
  buildResult,
  buildStatus,
  type OrchestrationResult,
  type OrchestrationStatus,
} from '../../orchestration/status-view';
import {
  beginBranch,
  bypassBranch,
  describeStepFailure,
  failBranch,
  failStep,
  newStepRecord,
  skipStep,
  succeedStep,
} from '../../orchestration/step-records';
import type { AgentInstruction, StepRecord } from '../../orchestration/types';

/** Why the edge answered instead of the orchestrator; recorded on the result, each step and the server's record. */
export const EDGE_REASON = 'coordinator_unreachable';

export interface EdgeRunOutcome {
  /** completed: `result` is set; failed: `failure` and the final `status` are. */
  readonly phase: 'completed' | 'failed';
  readonly result?: OrchestrationResult;
  readonly failure?: OrchestrationFailure;
  readonly status: OrchestrationStatus;
}

/** Whether the edge can answer this request on its own: plans without approval steps (a human is needed for those). */
export function edgeCanAnswer(request: OrchestrationRequest): string | undefined {
  if (!request.plan) return 'router requests need the orchestrator to route them';
  if (request.plan.steps.some((step) => step.kind === 'approval')) return 'approval steps need a human decision';
  return undefined;
}

export async function runPlanAtEdge(
  request: OrchestrationRequest,
  orchestrationId: string,
  agents: ReadonlyMap<string, AgentDefinition>,
  now: () => number = Date.now,
): Promise<EdgeRunOutcome> {
  const problems = requestIntegrityProblems(request);
  const unsupported = edgeCanAnswer(request);
  if (problems.length > 0 || unsupported !== undefined) {
    throw new Error(`request "${orchestrationId}" cannot run at the edge: ${[...problems, unsupported].join('; ')}`);
  }
  const plan = request.plan!;
  const state = initialOrchestrationState({
    orchestrationId,
    goal: request.goal,
    mode: 'plan',
    startedAt: now(),
    ...(request.deadline !== undefined ? { deadlineMs: request.deadline } : {}),
    steps: plan.steps.map((step) =>
      newStepRecord({
        id: step.id,
        kind: 'agent',
        agent: (step as AgentStep).agent,
        dependsOn: step.dependsOn,
        input: (step as AgentStep).input,
      }),
    ),
  });
  const specs = new Map(plan.steps.map((step) => [step.id, step as AgentStep]));
  const stateOf = (id: string) => findStep(state, id)?.state;
  let dispatched = 0;

  for (;;) {
    const [next] = readySteps(plan.steps, stateOf, 1);
    if (next === undefined) break;
    if (state.deadline !== undefined && now() > state.deadline) {
      return fail(state, now, {
        type: FailureType.DeadlineExceeded,
        message: `the orchestration passed its deadline (${new Date(state.deadline).toISOString()})`,
      });
    }
    dispatched += 1;
    if (dispatched > request.maxSteps) {
      return fail(state, now, {
        type: FailureType.MaxStepsExceeded,
        message: `more than maxSteps (${request.maxSteps}) steps`,
      });
    }
    const record = findStep(state, next)!;
    await runStepAtEdge(state, record, specs.get(next)!, agents, now);
    if (record.state === 'failed') {
      return fail(state, now, { type: FailureType.StepFailed, message: record.error ?? '', stepId: record.id });
    }
  }
  const progress = planProgress(plan.steps, stateOf);
  if (progress.kind === 'blocked') {
    return fail(state, now, {
      type: FailureType.PlanBlocked,
      message: `steps ${progress.stepIds.join(', ')} can never run`,
    });
  }
  state.output = planOutput(state, plan.steps);
  state.phase = 'completed';
  return { phase: 'completed', result: buildResult(state, now()), status: buildStatus(state, now()) };
}

/** The primary branch is recorded as bypassed (the coordinator was out of reach), then the autonomous one runs. */
async function runStepAtEdge(
  state: OrchestrationState,
  record: StepRecord,
  spec: AgentStep,
  agents: ReadonlyMap<string, AgentDefinition>,
  now: () => number,
): Promise<void> {
  const definition = agents.get(spec.agent);
  const policy = resolveStepPolicy(definition?.policy ?? defaultAgentPolicy(spec.agent), spec);
  bypassBranch(record, { mode: 'primary', agent: spec.agent }, EDGE_REASON, now());
  const attempt = beginBranch(record, { mode: 'autonomous', agent: spec.agent }, now());
  const autonomous = policy.fallback.autonomous ? definition?.autonomous : undefined;
  if (!autonomous) {
    failBranch(record, attempt, 'no_autonomous_handler', `agent "${spec.agent}" has no autonomous handler here`, now());
    settleExhausted(record, policy.fallback.onExhausted, now);
    return;
  }
  const started = now();
  const attemptTime = policy.timeouts.scheduleToClose ?? policy.timeouts.startToClose;
  const deadline = Math.min(state.deadline ?? Infinity, started + attemptTime);
  const instruction: AgentInstruction = {
    identity: {
      orchestrationId: state.orchestrationId,
      stepId: record.id,
      dispatch: attempt.dispatch,
      agent: spec.agent,
      mode: 'autonomous',
      idempotencyKey: idempotencyKeyFor(state.orchestrationId, record.id),
      deadline,
    },
    task: {
      goal: state.goal,
      input: spec.input,
      results: dependencyResults(spec, (id) => findStep(state, id)),
    },
  };
  const cancellation = new AbortController();
  const runtime: ActivityRuntime = {
    info: {
      attempt: 1,
      isLocal: true,
      startToCloseTimeoutMs: Math.max(1, deadline - started),
      currentAttemptScheduledTimestampMs: started,
    },
    heartbeat: () => undefined,
    cancellationSignal: cancellation.signal,
  };
  try {
    const reply = await executeAgentHandler(autonomous, instruction, {
      heartbeatFraction: definition!.heartbeatFraction,
      runtime: () => runtime,
      now,
    });
    succeedStep(record, attempt, reply.output, reply.attempt, now());
  } catch (error) {
    const failure = classifyAgentFailure(error);
    failBranch(record, attempt, failure.reason, failure.message, now());
    settleExhausted(record, policy.fallback.onExhausted, now);
  } finally {
    cancellation.abort();
  }
}

function settleExhausted(record: StepRecord, onExhausted: 'skip' | 'fail', now: () => number): void {
  if (onExhausted === 'skip') skipStep(record, now());
  else failStep(record, describeStepFailure(record), now());
}

function fail(state: OrchestrationState, now: () => number, failure: OrchestrationFailure): EdgeRunOutcome {
  state.failure = failure;
  state.phase = 'failed';
  return { phase: 'failed', failure, status: buildStatus(state, now()) };
}
