/** Sends one branch of a step to its agent pool (an activity on the agent's task queue) or to its autonomous handler. */
import {
  proxyActivities,
  proxyLocalActivities,
  type ActivityOptions,
  type UntypedActivities,
} from '@temporalio/workflow';
import type { AgentPolicy } from '../orchestration/agent-policy';
import type { BranchTiming } from '../orchestration/dispatch-budget';
import { FailureType } from '../orchestration/failure-types';
import type { OrchestratorActivities } from '../orchestration/orchestrator-activities-api';
import type { AgentInstruction } from '../orchestration/types';

/** Failures no retry can fix, whatever the agent's own policy says. */
const ALWAYS_NON_RETRYABLE = [
  FailureType.StaleInstruction,
  FailureType.InvalidInstruction,
  FailureType.InstructionDeadlineExceeded,
  FailureType.NoAutonomousHandler,
];

function retryPolicy(policy: AgentPolicy): NonNullable<ActivityOptions['retry']> {
  return {
    maximumAttempts: policy.retry.maxAttempts,
    initialInterval: policy.retry.initialInterval,
    backoffCoefficient: policy.retry.backoffCoefficient,
    maximumInterval: policy.retry.maxInterval,
    nonRetryableErrorTypes: [...policy.retry.nonRetryableErrorTypes, ...ALWAYS_NON_RETRYABLE],
  };
}

export function agentActivityOptions(policy: AgentPolicy, timing: BranchTiming, activityId: string): ActivityOptions {
  return {
    taskQueue: policy.taskQueue,
    activityId,
    scheduleToStartTimeout: policy.timeouts.scheduleToStart,
    startToCloseTimeout: Math.min(policy.timeouts.startToClose, timing.scheduleToCloseMs),
    heartbeatTimeout: policy.timeouts.heartbeat,
    scheduleToCloseTimeout: timing.scheduleToCloseMs,
    retry: retryPolicy(policy),
  };
}

/** Activity type = agent name; every pool registers its agent under its own name. */
export function dispatchToAgent(
  policy: AgentPolicy,
  instruction: AgentInstruction,
  timing: BranchTiming,
): Promise<unknown> {
  const { identity } = instruction;
  const activities = proxyActivities<UntypedActivities>(
    agentActivityOptions(policy, timing, `${identity.stepId}#${identity.dispatch}`),
  );
  return activities[identity.agent]!(instruction);
}

/** The degraded handler runs in the orchestrator worker itself, so it needs no agent pool. */
export function runAutonomous(
  policy: AgentPolicy,
  instruction: AgentInstruction,
  timing: BranchTiming,
): Promise<unknown> {
  const local = proxyLocalActivities<OrchestratorActivities>({
    startToCloseTimeout: Math.min(policy.timeouts.startToClose, timing.scheduleToCloseMs),
    scheduleToCloseTimeout: timing.scheduleToCloseMs,
    retry: retryPolicy(policy),
  });
  return local.steadfastRunAutonomous(instruction);
}
