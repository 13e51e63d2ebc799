/** Every part of the suite, in the order a full run executes them. */
import { durabilityPart } from './baseline/durability-bench';
import { failoverPart } from './failover/failover-bench';
import { conversationHistoryPart } from './llm/conversation-history-bench';
import { overheadPart } from './overhead/overhead-bench';
import { profilePart } from './profile/profile-bench';
import { takeoverReplayPart } from './replay/takeover-replay-bench';
import type { BenchPart } from './support/bench-part';
import { statePart } from './state/state-bench';
import { throughputPart } from './throughput/throughput-bench';

export const BENCH_PARTS: readonly BenchPart[] = [
  durabilityPart,
  overheadPart,
  throughputPart,
  failoverPart,
  statePart,
  profilePart,
  conversationHistoryPart,
  takeoverReplayPart,
];
