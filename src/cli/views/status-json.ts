/** `status --json`: the status query result with every time as an ISO-8601 string, like `list --json`. */
import type { OrchestrationStatus, StepStatus } from '../../orchestration/status-view';
import type { ApprovalDecision, BranchAttempt } from '../../orchestration/types';

type Iso<T, K extends keyof T> = Omit<T, K> & { [P in K]?: string };

export function statusForJson(status: OrchestrationStatus): unknown {
  return {
    ...status,
    startedAt: iso(status.startedAt),
    ...(status.deadline !== undefined ? { deadline: iso(status.deadline) } : {}),
    steps: status.steps.map(stepForJson),
    ...(status.budget?.wallTimeEndsAt !== undefined
      ? { budget: { ...status.budget, wallTimeEndsAt: iso(status.budget.wallTimeEndsAt) } }
      : {}),
  };
}

function stepForJson(step: StepStatus): Iso<StepStatus, 'startedAt' | 'endedAt'> {
  const { approval } = step;
  return {
    ...step,
    ...times(step, ['startedAt', 'endedAt']),
    branches: step.branches.map((branch) => ({ ...branch, ...times(branch, ['startedAt', 'endedAt']) })),
    ...(approval
      ? {
          approval: {
            ...approval,
            ...(approval.expiresAt !== undefined ? { expiresAt: iso(approval.expiresAt) } : {}),
            ...(approval.decision ? { decision: decisionForJson(approval.decision) } : {}),
          },
        }
      : {}),
  } as Iso<StepStatus, 'startedAt' | 'endedAt'>;
}

export function decisionForJson(decision: ApprovalDecision): Iso<ApprovalDecision, 'at'> {
  return { ...decision, at: iso(decision.at) };
}

function times<T extends StepStatus | BranchAttempt>(value: T, keys: readonly ('startedAt' | 'endedAt')[]) {
  const converted: Partial<Record<'startedAt' | 'endedAt', string>> = {};
  for (const key of keys) {
    const at = value[key];
    if (typeof at === 'number') converted[key] = iso(at);
  }
  return converted;
}

function iso(at: number): string {
  return new Date(at).toISOString();
}
