/** Publishes an orchestration's status, current agent and fallback count as search attributes, and its goal as memo. */
import { upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { OrchestrationRequest } from '../config/orchestration-request';
import { SearchAttributeNames } from '../orchestration/names';
import type { OrchestrationState } from '../orchestration/orchestration-state';
import { visibilityValues } from '../orchestration/status-view';

type SearchAttributeUpdates = Extract<Parameters<typeof upsertSearchAttributes>[0], readonly unknown[]>;

const statusKey = { name: SearchAttributeNames.status, type: 'KEYWORD' } as const;
const currentAgentKey = { name: SearchAttributeNames.currentAgent, type: 'KEYWORD' } as const;
const fallbackCountKey = { name: SearchAttributeNames.fallbackCount, type: 'INT' } as const;

/** Returns a function to call after every state change; it upserts only when a published value changed. */
export function createVisibilityPublisher(
  request: OrchestrationRequest,
  state: OrchestrationState,
  options: { readonly awaitingApproval: boolean },
): () => void {
  let published: string | undefined;
  return () => {
    if (!request.visibility.searchAttributes) return;
    const values = visibilityValues(state, options);
    const fingerprint = `${values.status}|${values.currentAgent}|${values.fallbackCount}`;
    if (fingerprint === published) return;
    published = fingerprint;
    const updates: SearchAttributeUpdates = [
      { key: statusKey, value: values.status },
      { key: currentAgentKey, value: values.currentAgent === '' ? null : values.currentAgent },
      { key: fallbackCountKey, value: values.fallbackCount },
    ];
    upsertSearchAttributes(updates);
  };
}

/** The client sets the memo at start; a run that was started some other way still shows its goal. */
export function publishMemo(request: OrchestrationRequest, state: OrchestrationState): void {
  if (request.visibility.memo && state.generation === 0) upsertMemo({ goal: state.goal, mode: state.mode });
}
