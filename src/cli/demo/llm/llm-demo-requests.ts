/**
 * The LLM demo's batch: research -> draft -> analyze -> review, each an LLM agent. On a fixed rotation the research
 * provider is flaky (429, then 500) and the draft's stream hangs; every analysis outgrows its cost budget, and every
 * review meets the provider outage.
 */
import type { OrchestrationRequestInput } from '../../../config/orchestration-request';

const TOPICS = ['durable execution', 'token budgets', 'circuit breakers', 'streaming heartbeats', 'tool idempotency'];

export function llmDemoRequest(index: number, searchAttributes: boolean): OrchestrationRequestInput {
  const topic = TOPICS[index % TOPICS.length]!;
  return {
    goal: `Write a reviewed brief on ${topic}`,
    plan: {
      steps: [
        { id: 'research', agent: 'llm-researcher', input: { topic, flaky: index % 2 === 0 } },
        { id: 'draft', agent: 'llm-writer', dependsOn: ['research'], input: { hang: index % 3 === 0 } },
        // The large model would need far more than this; the step moves to the small model with what is left.
        { id: 'analyze', agent: 'llm-analyst', dependsOn: ['draft'], budget: { costUsd: 0.01 } },
        { id: 'review', agent: 'llm-reviewer', dependsOn: ['analyze'] },
      ],
    },
    budget: { costUsd: 0.05, modelCalls: 60 },
    deadline: '2m',
    visibility: { searchAttributes, memo: true },
  };
}
