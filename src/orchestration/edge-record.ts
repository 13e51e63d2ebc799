/** What the server records of a request decided at the edge while it was unreachable (src/client/edge). */
import type { OrchestrationResult, OrchestrationStatus } from './status-view';

export interface EdgeDecisionMemo {
  /** autonomous: answered by the agents' autonomous handlers; expired: queued, and its deadline passed first. */
  readonly mode: 'autonomous' | 'expired';
  readonly reason: 'coordinator_unreachable' | 'stale_instruction';
  /** When the edge took the request (epoch ms). */
  readonly decidedAt: number;
}

export interface EdgeRecord {
  readonly edge: EdgeDecisionMemo;
  /** The final status, as `steadfast status` shows it. */
  readonly status: OrchestrationStatus;
  /** Set when the edge completed the request. */
  readonly result?: OrchestrationResult;
}
