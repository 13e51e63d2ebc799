/** Typed keys of the search attributes orchestrations publish (names in orchestration/names.ts). */
import { defineSearchAttributeKey } from '@temporalio/common';
import { SearchAttributeNames } from '../orchestration/names';

export const StatusKey = defineSearchAttributeKey(SearchAttributeNames.status, 'KEYWORD');
export const CurrentAgentKey = defineSearchAttributeKey(SearchAttributeNames.currentAgent, 'KEYWORD');
export const FallbackCountKey = defineSearchAttributeKey(SearchAttributeNames.fallbackCount, 'INT');
