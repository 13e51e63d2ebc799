/** Freshness of an agent instruction: agents refuse instructions past their deadline or for settled steps. */
import type { InstructionIdentity, StepRecord } from './types';

export type Freshness = { readonly fresh: true } | { readonly fresh: false; readonly reason: string };

/**
 * `stillAwaited` is the orchestration's answer to "are you still waiting for this dispatch?";
 * undefined means it could not be asked, and the instruction is given the benefit of the doubt.
 */
export function checkInstructionFreshness(
  identity: InstructionIdentity,
  now: number,
  stillAwaited?: boolean,
): Freshness {
  if (now > identity.deadline) {
    return {
      fresh: false,
      reason:
        `instruction for step "${identity.stepId}" of orchestration "${identity.orchestrationId}" ` +
        `expired at ${new Date(identity.deadline).toISOString()}`,
    };
  }
  if (stillAwaited === false) {
    return {
      fresh: false,
      reason:
        `step "${identity.stepId}" of orchestration "${identity.orchestrationId}" no longer awaits ` +
        `dispatch ${identity.dispatch} (agent "${identity.agent}"): it was settled or moved to another branch`,
    };
  }
  return { fresh: true };
}

/** True while the step is running and its latest branch is the given dispatch, still in flight. */
export function isDispatchAwaited(record: StepRecord | undefined, dispatch: number): boolean {
  if (!record || record.state !== 'running') return false;
  const latest = record.branches[record.branches.length - 1];
  return latest !== undefined && latest.dispatch === dispatch && latest.outcome === 'running';
}
