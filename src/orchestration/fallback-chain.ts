/** A step's fallback chain: primary agent, alternates, the autonomous branch, then skip or fail. */
import type { BranchMode, FallbackReason } from './types';

export interface FallbackPolicy {
  readonly alternates: readonly string[];
  /** Whether to run the primary agent's autonomous (degraded) handler on the orchestrator's side. */
  readonly autonomous: boolean;
  readonly onExhausted: 'skip' | 'fail';
}

export interface Branch {
  readonly mode: BranchMode;
  readonly agent: string;
}

export interface BypassedBranch {
  readonly index: number;
  readonly branch: Branch;
  readonly reason: 'circuit_open';
}

export type BranchSelection =
  | {
      readonly kind: 'run';
      readonly index: number;
      readonly branch: Branch;
      readonly bypassed: readonly BypassedBranch[];
    }
  | { readonly kind: 'exhausted'; readonly outcome: 'skip' | 'fail'; readonly bypassed: readonly BypassedBranch[] };

export function buildFallbackChain(primary: string, policy: FallbackPolicy): Branch[] {
  const chain: Branch[] = [{ mode: 'primary', agent: primary }];
  const seen = new Set([primary]);
  for (const alternate of policy.alternates) {
    if (seen.has(alternate)) continue;
    seen.add(alternate);
    chain.push({ mode: 'alternate', agent: alternate });
  }
  if (policy.autonomous) chain.push({ mode: 'autonomous', agent: primary });
  return chain;
}

/**
 * The first branch at or after `fromIndex` that may run. Agent branches whose circuit is open are
 * bypassed (and reported as such); the autonomous branch runs on the orchestrator, so no circuit applies.
 */
export function selectBranch(
  chain: readonly Branch[],
  fromIndex: number,
  canDispatch: (agent: string) => boolean,
  onExhausted: 'skip' | 'fail',
): BranchSelection {
  const bypassed: BypassedBranch[] = [];
  for (let index = fromIndex; index < chain.length; index++) {
    const branch = chain[index]!;
    if (branch.mode === 'autonomous' || canDispatch(branch.agent)) return { kind: 'run', index, branch, bypassed };
    bypassed.push({ index, branch, reason: 'circuit_open' });
  }
  return { kind: 'exhausted', outcome: onExhausted, bypassed };
}

/** A failed branch hands over to the next one, except when the orchestration itself is being cancelled. */
export function shouldFallBack(reason: FallbackReason): boolean {
  return reason !== 'cancelled';
}
