/** Guards of the router-driven loop: a cap on dispatched steps and detection of repeated identical decisions. */
import { decisionFingerprint } from './routing-decision';

export interface RouterGuardState {
  /** Steps dispatched so far (routing decisions that were admitted). */
  readonly dispatched: number;
  /** How many times each distinct decision (agent + input) was made. */
  readonly fingerprints: Readonly<Record<string, number>>;
}

export interface RouterGuardLimits {
  readonly maxSteps: number;
  /** The number of identical decisions that counts as a loop (2 = the first repeat is a loop). */
  readonly loopThreshold: number;
}

export type RouterGuardVerdict =
  | { readonly kind: 'dispatch'; readonly state: RouterGuardState }
  | { readonly kind: 'loop'; readonly message: string; readonly occurrences: number }
  | { readonly kind: 'max_steps'; readonly message: string };

export function initialRouterGuard(): RouterGuardState {
  return { dispatched: 0, fingerprints: {} };
}

/** Admits a "next" decision, or says why the orchestration must stop instead of running it. */
export function admitRoutingDecision(
  state: RouterGuardState,
  decision: { readonly agent: string; readonly input?: unknown },
  limits: RouterGuardLimits,
): RouterGuardVerdict {
  const fingerprint = decisionFingerprint(decision);
  const occurrences = (state.fingerprints[fingerprint] ?? 0) + 1;
  if (occurrences >= limits.loopThreshold) {
    return {
      kind: 'loop',
      occurrences,
      message:
        `routing loop: the router chose agent "${decision.agent}" with identical input ${occurrences} times ` +
        `(loopThreshold is ${limits.loopThreshold})`,
    };
  }
  if (state.dispatched >= limits.maxSteps) {
    return {
      kind: 'max_steps',
      message: `the router asked for step ${state.dispatched + 1} but maxSteps is ${limits.maxSteps}`,
    };
  }
  return {
    kind: 'dispatch',
    state: { dispatched: state.dispatched + 1, fingerprints: { ...state.fingerprints, [fingerprint]: occurrences } },
  };
}
