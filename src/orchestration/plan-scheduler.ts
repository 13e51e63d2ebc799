/** Decides which plan steps may start now: independent steps run in parallel, dependents wait. */
import type { PlanStepRef } from './plan-graph';
import type { StepState } from './types';

/** A dependency in one of these states lets its dependents proceed (skip means "go on without it"). */
const SATISFIED: ReadonlySet<StepState> = new Set<StepState>(['succeeded', 'skipped']);
const SETTLED: ReadonlySet<StepState> = new Set<StepState>(['succeeded', 'skipped', 'failed', 'cancelled']);
const IN_FLIGHT: ReadonlySet<StepState> = new Set<StepState>(['running', 'awaiting_approval']);

export type StateLookup = (stepId: string) => StepState | undefined;

export function isSettled(state: StepState | undefined): boolean {
  return state !== undefined && SETTLED.has(state);
}

/**
 * Pending steps whose dependencies are all satisfied, in plan order, at most `capacity` of them
 * (capacity = how many more steps may run in parallel right now).
 */
export function readySteps(steps: readonly PlanStepRef[], stateOf: StateLookup, capacity = Infinity): string[] {
  const ready: string[] = [];
  for (const step of steps) {
    if (ready.length >= capacity) break;
    if ((stateOf(step.id) ?? 'pending') !== 'pending') continue;
    if (step.dependsOn.every((dep) => SATISFIED.has(stateOf(dep) ?? 'pending'))) ready.push(step.id);
  }
  return ready;
}

export function inFlightCount(steps: readonly PlanStepRef[], stateOf: StateLookup): number {
  return steps.filter((s) => IN_FLIGHT.has(stateOf(s.id) ?? 'pending')).length;
}

export type PlanProgress =
  | { readonly kind: 'complete' }
  | { readonly kind: 'in_progress' }
  /** Nothing can run and nothing is running, yet steps remain: their dependencies failed or were cancelled. */
  | { readonly kind: 'blocked'; readonly stepIds: readonly string[] };

export function planProgress(steps: readonly PlanStepRef[], stateOf: StateLookup): PlanProgress {
  const unsettled = steps.filter((s) => !isSettled(stateOf(s.id)));
  if (unsettled.length === 0) return { kind: 'complete' };
  if (inFlightCount(steps, stateOf) > 0 || readySteps(steps, stateOf, 1).length > 0) return { kind: 'in_progress' };
  return { kind: 'blocked', stepIds: unsettled.map((s) => s.id) };
}

/** The results a step's handler receives: its direct dependencies' results (skipped ones are absent). */
export function dependencyResults(
  step: PlanStepRef,
  resultOf: (stepId: string) => { state: StepState; result?: unknown } | undefined,
): Record<string, unknown> {
  const results: Record<string, unknown> = {};
  for (const dep of step.dependsOn) {
    const record = resultOf(dep);
    if (record?.state === 'succeeded') results[dep] = record.result;
  }
  return results;
}
