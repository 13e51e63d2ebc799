/** State transitions of a step record; the workflow owns the records and changes them only through these. */
import { describeReason } from './failure-classifier';
import type { Branch } from './fallback-chain';
import type { ApprovalDecision, BranchAttempt, FallbackReason, StepKind, StepRecord } from './types';

export function newStepRecord(spec: {
  id: string;
  kind: StepKind;
  agent: string;
  dependsOn?: readonly string[];
  input?: unknown;
  summaryFrom?: string;
}): StepRecord {
  return {
    id: spec.id,
    kind: spec.kind,
    agent: spec.agent,
    dependsOn: spec.dependsOn ?? [],
    ...(spec.input !== undefined ? { input: spec.input } : {}),
    ...(spec.summaryFrom !== undefined ? { summaryFrom: spec.summaryFrom } : {}),
    state: 'pending',
    branches: [],
  };
}

export function markStarted(record: StepRecord, now: number): void {
  record.state = record.kind === 'approval' ? 'awaiting_approval' : 'running';
  record.startedAt ??= now;
}

export function beginBranch(record: StepRecord, branch: Branch, now: number): BranchAttempt {
  markStarted(record, now);
  const attempt: BranchAttempt = {
    dispatch: record.branches.length,
    mode: branch.mode,
    agent: branch.agent,
    outcome: 'running',
    startedAt: now,
  };
  record.branches.push(attempt);
  return attempt;
}

export function bypassBranch(record: StepRecord, branch: Branch, reason: FallbackReason, now: number): void {
  markStarted(record, now);
  record.branches.push({
    dispatch: record.branches.length,
    mode: branch.mode,
    agent: branch.agent,
    outcome: 'bypassed',
    reason,
    startedAt: now,
    endedAt: now,
  });
  record.fallbackReason ??= reason;
}

export function failBranch(
  record: StepRecord,
  attempt: BranchAttempt,
  reason: FallbackReason,
  error: string,
  now: number,
  earlierAttempts: readonly { readonly reason: FallbackReason; readonly message: string }[] = [],
): void {
  attempt.outcome = 'failed';
  attempt.reason = reason;
  attempt.error = error;
  attempt.endedAt = now;
  if (earlierAttempts.length > 0) {
    attempt.earlierAttempts = earlierAttempts.map((earlier) => ({ reason: earlier.reason, error: earlier.message }));
  }
  record.fallbackReason ??= reason;
}

export function succeedStep(
  record: StepRecord,
  attempt: BranchAttempt,
  result: unknown,
  agentAttempts: number | undefined,
  now: number,
): void {
  attempt.outcome = 'succeeded';
  attempt.endedAt = now;
  if (agentAttempts !== undefined) attempt.agentAttempts = agentAttempts;
  settle(record, 'succeeded', now);
  record.mode = attempt.mode;
  record.result = result;
}

/** The chain ran out and the step is configured to be skipped. */
export function skipStep(record: StepRecord, now: number): void {
  settle(record, 'skipped', now);
  record.mode = 'skipped';
  record.error = describeStepFailure(record);
}

export function failStep(record: StepRecord, error: string, now: number): void {
  settle(record, 'failed', now);
  record.error = error;
}

/** Ends an unsettled step because the orchestration stopped; in-flight branches are abandoned. */
export function cancelStep(record: StepRecord, now: number): void {
  if (isStepSettled(record)) return;
  for (const attempt of record.branches) {
    if (attempt.outcome === 'running') {
      attempt.outcome = 'failed';
      attempt.reason = 'cancelled';
      attempt.endedAt = now;
    }
  }
  settle(record, 'cancelled', now);
}

/** Approved steps succeed with the decision as their result; rejected ones succeed only if told to continue. */
export function settleApproval(
  record: StepRecord,
  decision: ApprovalDecision,
  onReject: 'fail' | 'continue',
  now: number,
): void {
  record.mode = 'approval';
  if (decision.approved || onReject === 'continue') {
    settle(record, 'succeeded', now);
    record.result = decision;
  } else {
    settle(record, 'failed', now);
    record.result = decision;
    record.error = decision.timedOut
      ? `approval step "${record.id}" timed out without a decision`
      : `approval step "${record.id}" was rejected${decision.by ? ` by ${decision.by}` : ''}` +
        `${decision.comment ? `: ${decision.comment}` : ''}`;
  }
}

export function isStepSettled(record: StepRecord): boolean {
  return (
    record.state === 'succeeded' ||
    record.state === 'skipped' ||
    record.state === 'failed' ||
    record.state === 'cancelled'
  );
}

/** A step counts as a fallback when it settled on anything but its primary agent. */
export function usedFallback(record: StepRecord): boolean {
  return (
    record.kind !== 'approval' && isStepSettled(record) && record.state !== 'cancelled' && record.mode !== 'primary'
  );
}

/** One line naming every branch that was tried and why it did not produce the step's result. */
export function describeStepFailure(record: StepRecord): string {
  const tried = record.branches
    .filter((attempt) => attempt.outcome === 'failed' || attempt.outcome === 'bypassed')
    .map((attempt) => {
      const who =
        attempt.mode === 'autonomous'
          ? `autonomous branch of "${attempt.agent}"`
          : `${attempt.mode} agent "${attempt.agent}"`;
      const why = attempt.reason ? describeReason(attempt.reason) : 'failed';
      const before = (attempt.earlierAttempts ?? []).map(
        (earlier) => `, after an attempt that ${describeEarlier(earlier)}`,
      );
      return `${who}: ${why}${attempt.error ? ` (${attempt.error})` : ''}${before.join('')}`;
    });
  return tried.length > 0
    ? `step "${record.id}" exhausted its fallback chain: ${tried.join('; ')}`
    : `step "${record.id}" had no branch to run`;
}

function describeEarlier(earlier: { readonly reason: FallbackReason; readonly error: string }): string {
  return `ended with ${describeReason(earlier.reason)} (${earlier.error})`;
}

function settle(record: StepRecord, state: StepRecord['state'], now: number): void {
  record.state = state;
  record.endedAt = now;
  record.startedAt ??= now;
}
