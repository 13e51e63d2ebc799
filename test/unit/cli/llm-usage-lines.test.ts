import { formatLlmUsage } from '../../../src/cli/views/llm-usage-lines';
import type { OrchestrationStatus, StepStatus } from '../../../src/orchestration/status-view';

const step = (id: string, extra: Partial<StepStatus>): StepStatus => ({
  id,
  kind: 'agent',
  agent: id,
  state: 'succeeded',
  attempts: 1,
  branches: [],
  ...extra,
});

test('status lists each LLM step’s calls, tokens, cost and failed calls, then what is left of the budget', () => {
  const usage = { inputTokens: 1200, outputTokens: 300, modelCalls: 3, costUsd: 0.0042 };
  const status = {
    steps: [
      step('research', {
        usage,
        conversation: { conversations: 1, turns: 2, modelCalls: 3, toolCalls: 1, failures: { LlmRateLimited: 1 } },
      }),
      step('plain', {}),
    ],
    budget: { used: usage, limits: { costUsd: 0.01 }, remaining: { costUsd: 0.0058 }, conversationsInFlight: 0 },
  } as unknown as OrchestrationStatus;
  expect(formatLlmUsage(status)).toEqual([
    'Language models:',
    '  STEP             CALLS  TOKENS IN  TOKENS OUT     COST  FAILED CALLS',
    '  research             3       1200         300  $0.0042  LlmRateLimited 1',
    '  (orchestration)      3       1200         300  $0.0042',
    'Budget: cost $0.0058 of $0.0100 left',
  ]);
});
