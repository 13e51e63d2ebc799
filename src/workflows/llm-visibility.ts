/**
 * Publishes an orchestration's language-model spending as search attributes (SteadfastLlmTokens, SteadfastLlmCostUsd),
 * so runs can be found by what they cost. Only orchestrations that ran LLM steps ever publish them.
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { OrchestrationRequest } from '../config/orchestration-request';
import { SearchAttributeNames } from '../orchestration/names';
import type { OrchestrationState } from '../orchestration/orchestration-state';

const tokensKey = { name: SearchAttributeNames.llmTokens, type: 'INT' } as const;
const costKey = { name: SearchAttributeNames.llmCostUsd, type: 'DOUBLE' } as const;

const published = new WeakMap<OrchestrationState, string>();

export function publishLlmUsage(request: OrchestrationRequest, state: OrchestrationState): void {
  if (!request.visibility.searchAttributes || !state.budget) return;
  const { used } = state.budget;
  const tokens = used.inputTokens + used.outputTokens;
  const fingerprint = `${tokens}|${used.costUsd}`;
  if (published.get(state) === fingerprint) return;
  published.set(state, fingerprint);
  upsertSearchAttributes([
    { key: tokensKey, value: tokens },
    { key: costKey, value: used.costUsd },
  ]);
}
