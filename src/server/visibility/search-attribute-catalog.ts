/**
 * The search attributes a visibility query may name: Temporal's built-in ones, mapped to columns of the
 * `executions` table, plus a namespace's custom ones, stored in its `search_attributes` JSON column.
 */

export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

export interface SearchAttributeDefinition {
  name: string;
  type: SearchAttributeType;
}

/** Where an attribute's value lives: its own column, or a key of the `search_attributes` JSON object. */
export type SearchAttributeStorage = { kind: 'column'; column: string } | { kind: 'json'; key: string };

export interface ResolvedSearchAttribute {
  readonly name: string;
  readonly type: SearchAttributeType;
  readonly storage: SearchAttributeStorage;
  /** Set when the attribute is written as a name but stored as a number (only ExecutionStatus). */
  readonly enumValues?: Readonly<Record<string, number>>;
}

/** temporal.api.enums.v1.WorkflowExecutionStatus, by the names List Filters use. */
export const WORKFLOW_EXECUTION_STATUS_CODES: Readonly<Record<string, number>> = Object.freeze({
  Running: 1,
  Completed: 2,
  Failed: 3,
  Canceled: 4,
  Terminated: 5,
  ContinuedAsNew: 6,
  TimedOut: 7,
});

function column(name: string, type: SearchAttributeType, columnName: string): ResolvedSearchAttribute {
  return { name, type, storage: { kind: 'column', column: columnName } };
}

export const BUILT_IN_SEARCH_ATTRIBUTES: readonly ResolvedSearchAttribute[] = Object.freeze([
  column('WorkflowId', 'Keyword', 'workflow_id'),
  column('RunId', 'Keyword', 'run_id'),
  column('WorkflowType', 'Keyword', 'workflow_type'),
  column('TaskQueue', 'Keyword', 'task_queue'),
  { ...column('ExecutionStatus', 'Keyword', 'status'), enumValues: WORKFLOW_EXECUTION_STATUS_CODES },
  column('StartTime', 'Datetime', 'start_time'),
  column('ExecutionTime', 'Datetime', 'execution_time'),
  column('CloseTime', 'Datetime', 'close_time'),
  column('HistoryLength', 'Int', 'history_length'),
  column('ParentWorkflowId', 'Keyword', 'parent_workflow_id'),
  column('ParentRunId', 'Keyword', 'parent_run_id'),
  column('RootWorkflowId', 'Keyword', 'root_workflow_id'),
]);

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
    BUILT_IN_SEARCH_ATTRIBUTES.some((a) => a.name === name) || PREDEFINED_SEARCH_ATTRIBUTES.some((a) => a.name === name)
  );
}

const SEARCH_ATTRIBUTE_TYPES: ReadonlySet<string> = new Set([
  'Keyword',
  'Text',
  'Int',
  'Double',
  'Bool',
  'Datetime',
  'KeywordList',
]);

/**
 * Custom attribute names end up inside a SQL string literal holding a JSON path (`'$."Name"'`), so the
 * characters that could break out of either are refused; quotes of the SQL literal are doubled on use.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const UNSAFE_CUSTOM_NAME = /["\\\u0000-\u001f]/;

/**
 * Indexes built-in and custom attributes by their case-sensitive name. A custom definition that shadows
 * a built-in, repeats a name, or cannot be stored safely is a bug in whoever registered it, so it throws
 * a plain Error rather than blaming the query.
 */
export function buildSearchAttributeCatalog(
  customAttributes: readonly SearchAttributeDefinition[],
): ReadonlyMap<string, ResolvedSearchAttribute> {
  const catalog = new Map<string, ResolvedSearchAttribute>();
  for (const attribute of BUILT_IN_SEARCH_ATTRIBUTES) catalog.set(attribute.name, attribute);
  for (const { name, type } of PREDEFINED_SEARCH_ATTRIBUTES)
    catalog.set(name, { name, type, storage: { kind: 'json', key: name } });
  for (const { name, type } of customAttributes) {
    if (name === '' || UNSAFE_CUSTOM_NAME.test(name)) {
      throw new Error(
        `custom search attribute name ${JSON.stringify(name)} is empty or contains a quote, backslash or control character`,
      );
    }
    if (!SEARCH_ATTRIBUTE_TYPES.has(type)) {
      throw new Error(`custom search attribute "${name}" has unknown type ${JSON.stringify(type)}`);
    }
    if (catalog.has(name)) {
      const builtIn = isSystemSearchAttribute(name);
      throw new Error(
        `custom search attribute "${name}" ${builtIn ? 'shadows a built-in attribute' : 'is defined twice'}`,
      );
    }
    catalog.set(name, { name, type, storage: { kind: 'json', key: name } });
  }
  return catalog;
}
