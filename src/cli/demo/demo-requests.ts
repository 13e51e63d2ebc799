/**
 * The demo's batch: orchestration n researches a topic, drafts a brief and reviews it. Its request scripts what goes
 * wrong, on a fixed rotation so that even a small batch shows every path: some research attempts fail and are
 * retried, every fourth writer hangs, and the reviewer's pool is always offline.
 */
import type { OrchestrationRequestInput } from '../../config/orchestration-request';
import type { DraftInput, ResearchInput } from './demo-agents';

const TOPICS = [
  'durable execution',
  'circuit breakers',
  'idempotency keys',
  'heartbeat timeouts',
  'fallback chains',
  'continue-as-new',
  'task queues',
  'deterministic replay',
];

/** Research attempts that fail before one succeeds, by position in the rotation. */
const RESEARCH_FAILURES = [1, 0, 2, 0] as const;

export interface DemoRequestOptions {
  /** Publish status and current agent as search attributes (the server must know them). */
  readonly searchAttributes: boolean;
}

export function demoRequest(index: number, options: DemoRequestOptions): OrchestrationRequestInput {
  const topic = TOPICS[index % TOPICS.length]!;
  const research: ResearchInput = { topic, failAttempts: RESEARCH_FAILURES[index % RESEARCH_FAILURES.length]! };
  const draft: DraftInput = { hang: index % 4 === 0 };
  return {
    goal: `Write a reviewed one-page brief on ${topic}`,
    plan: {
      steps: [
        { id: 'research', agent: 'researcher', input: research },
        { id: 'draft', agent: 'writer', dependsOn: ['research'], input: draft },
        { id: 'review', agent: 'reviewer', dependsOn: ['draft'] },
      ],
    },
    // A demo that cannot finish says so instead of waiting forever.
    deadline: '2m',
    visibility: { searchAttributes: options.searchAttributes, memo: true },
  };
}

/** Ids unique to this run (the demo database keeps earlier runs), numbered within the batch. */
export function demoOrchestrationIds(count: number, now = Date.now()): string[] {
  const run = now.toString(36);
  const width = String(count).length;
  return Array.from({ length: count }, (_, index) => `demo-${run}-${String(index + 1).padStart(width, '0')}`);
}
