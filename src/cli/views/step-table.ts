/** An orchestration's steps as the CLI shows them: one row per step, and the fallback chain of steps that needed one. */
import type { StepStatus } from '../../orchestration/status-view';
import { describeReason } from '../../orchestration/failure-classifier';
import type { BranchAttempt, BranchMode } from '../../orchestration/types';
import { formatTable, type Column } from '../output/table';
import { formatDuration } from '../output/time-format';

export interface StepTableOptions {
  /** When the orchestration started: the STARTED column is relative to it. */
  readonly startedAt: number;
  readonly now: number;
  /** Leave out what changes on every redraw (the running time of unfinished steps). */
  readonly live?: boolean;
}

export function formatStepTable(steps: readonly StepStatus[], options: StepTableOptions): string[] {
  const columns: Column<StepStatus>[] = [
    { header: 'STEP', value: (step) => step.id },
    { header: 'AGENT', value: (step) => (step.kind === 'approval' ? '(approval)' : step.agent) },
    { header: 'STATE', value: (step) => step.state.replace('_', ' ') },
    { header: 'MODE', value: stepModeLabel },
    { header: 'ATTEMPTS', value: (step) => (step.branches.length > 0 ? String(step.attempts) : '-'), align: 'right' },
    {
      header: 'STARTED',
      value: (step) => (step.startedAt === undefined ? '-' : `+${formatDuration(step.startedAt - options.startedAt)}`),
      align: 'right',
    },
    { header: 'DURATION', value: (step) => durationOf(step, options), align: 'right' },
    { header: 'FALLBACK REASON', value: (step) => (step.fallbackReason ? describeReason(step.fallbackReason) : '') },
  ];
  return formatTable(columns, steps);
}

/** How the step was (or is being) answered; alternates name the agent that answered. */
export function stepModeLabel(step: StepStatus): string {
  const running = step.branches.find((branch) => branch.outcome === 'running');
  const mode = step.mode ?? running?.mode;
  if (mode === undefined) return '-';
  if (mode !== 'alternate') return mode;
  const answered = running ?? [...step.branches].reverse().find((branch) => branch.outcome === 'succeeded');
  return answered ? `alternate (${answered.agent})` : mode;
}

/** One line per step that left its primary agent: every branch tried or bypassed, in order, and why. */
export function formatFallbackChains(steps: readonly StepStatus[]): string[] {
  const withFallback = steps.filter((step) =>
    step.branches.some((branch) => branch.outcome === 'failed' || branch.outcome === 'bypassed'),
  );
  if (withFallback.length === 0) return [];
  const width = Math.max(...withFallback.map((step) => step.id.length));
  return [
    'Fallback chains:',
    ...withFallback.map((step) => `  ${step.id.padEnd(width)}  ${step.branches.map(describeBranch).join(' → ')}`),
  ];
}

function describeBranch(branch: BranchAttempt): string {
  const who = `${branchLabel(branch.mode)} ${branch.agent}`;
  switch (branch.outcome) {
    case 'succeeded':
      return `${who} succeeded`;
    case 'running':
      return `${who} running`;
    case 'bypassed':
      return `${who} bypassed: ${branch.reason ? describeReason(branch.reason) : 'circuit open'}`;
    case 'failed': {
      const earlier = (branch.earlierAttempts ?? []).map((attempt) => describeReason(attempt.reason));
      const after = earlier.length > 0 ? ` (after: ${earlier.join(', ')})` : '';
      return `${who} failed: ${branch.reason ? describeReason(branch.reason) : 'unknown failure'}${after}`;
    }
  }
}

function branchLabel(mode: BranchMode): string {
  return mode === 'autonomous' ? 'autonomous handler of' : mode;
}

function durationOf(step: StepStatus, options: StepTableOptions): string {
  if (step.startedAt === undefined) return '-';
  if (step.endedAt !== undefined) return formatDuration(step.endedAt - step.startedAt);
  return options.live ? '…' : formatDuration(options.now - step.startedAt);
}
