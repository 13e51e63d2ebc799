/**
 * Temporal's search attribute types and the system attributes every namespace has: the names configuration may
 * not register, and the catalogue the server's visibility maps onto its storage.
 */

export const SEARCH_ATTRIBUTE_TYPES = ['Keyword', 'Text', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'] as const;
export type SearchAttributeType = (typeof SEARCH_ATTRIBUTE_TYPES)[number];

export interface SearchAttributeDefinition {
  name: string;
  type: SearchAttributeType;
}

/** Attributes of every execution, each with a column of its own in the server's `executions` table. */
export const BUILT_IN_SEARCH_ATTRIBUTE_DEFINITIONS = [
  { name: 'WorkflowId', type: 'Keyword' },
  { name: 'RunId', type: 'Keyword' },
  { name: 'WorkflowType', type: 'Keyword' },
  { name: 'TaskQueue', type: 'Keyword' },
  { name: 'ExecutionStatus', type: 'Keyword' },
  { name: 'StartTime', type: 'Datetime' },
  { name: 'ExecutionTime', type: 'Datetime' },
  { name: 'CloseTime', type: 'Datetime' },
  { name: 'HistoryLength', type: 'Int' },
  { name: 'ParentWorkflowId', type: 'Keyword' },
  { name: 'ParentRunId', type: 'Keyword' },
  { name: 'RootWorkflowId', type: 'Keyword' },
  { name: 'RootRunId', type: 'Keyword' },
] as const satisfies readonly SearchAttributeDefinition[];
export type BuiltInSearchAttributeName = (typeof BUILT_IN_SEARCH_ATTRIBUTE_DEFINITIONS)[number]['name'];

/**
 * Temporal's predefined attributes: not columns of their own, but defined in every namespace, so workers and the
 * system may set them without registering them (the SDKs upsert TemporalChangeVersion whenever a workflow takes a
 * patched() branch). Stored like custom ones; they cannot be registered or removed.
 */
export const PREDEFINED_SEARCH_ATTRIBUTES: readonly SearchAttributeDefinition[] = Object.freeze([
  { name: 'TemporalChangeVersion', type: 'KeywordList' },
  { name: 'BinaryChecksums', type: 'KeywordList' },
  { name: 'BuildIds', type: 'KeywordList' },
  { name: 'BatcherNamespace', type: 'Keyword' },
  { name: 'BatcherUser', type: 'Keyword' },
  { name: 'TemporalScheduledStartTime', type: 'Datetime' },
  { name: 'TemporalScheduledById', type: 'Keyword' },
  { name: 'TemporalSchedulePaused', type: 'Bool' },
  { name: 'TemporalNamespaceDivision', type: 'Keyword' },
]);

/** Built-in columns and predefined attributes: names nobody may register. */
export function isSystemSearchAttribute(name: string): boolean {
  return (
    BUILT_IN_SEARCH_ATTRIBUTE_DEFINITIONS.some((a) => a.name === name) ||
    PREDEFINED_SEARCH_ATTRIBUTES.some((a) => a.name === name)
  );
}
