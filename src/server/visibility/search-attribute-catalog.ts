/**
 * The search attributes a visibility query may name: Temporal's built-in ones, mapped to columns of the
 * `executions` table, plus a namespace's custom ones, stored in its `search_attributes` JSON column.
 */

import {
  BUILT_IN_SEARCH_ATTRIBUTE_DEFINITIONS,
  PREDEFINED_SEARCH_ATTRIBUTES,
  SEARCH_ATTRIBUTE_TYPES,
  isSystemSearchAttribute,
  type BuiltInSearchAttributeName,
  type SearchAttributeDefinition,
  type SearchAttributeType,
} from '../../config/system-search-attributes';

export {
  PREDEFINED_SEARCH_ATTRIBUTES,
  isSystemSearchAttribute,
  type SearchAttributeDefinition,
  type SearchAttributeType,
} from '../../config/system-search-attributes';

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

const BUILT_IN_COLUMNS: Readonly<Record<BuiltInSearchAttributeName, string>> = {
  WorkflowId: 'workflow_id',
  RunId: 'run_id',
  WorkflowType: 'workflow_type',
  TaskQueue: 'task_queue',
  ExecutionStatus: 'status',
  StartTime: 'start_time',
  ExecutionTime: 'execution_time',
  CloseTime: 'close_time',
  HistoryLength: 'history_length',
  ParentWorkflowId: 'parent_workflow_id',
  ParentRunId: 'parent_run_id',
  RootWorkflowId: 'root_workflow_id',
  // Read from the stored state rather than a column of its own, so databases written before it need no migration.
  RootRunId: "json_extract(state, '$.rootRunId')",
};

export const BUILT_IN_SEARCH_ATTRIBUTES: readonly ResolvedSearchAttribute[] = Object.freeze(
  BUILT_IN_SEARCH_ATTRIBUTE_DEFINITIONS.map(({ name, type }) => ({
    name,
    type,
    storage: { kind: 'column', column: BUILT_IN_COLUMNS[name] } as const,
    ...(name === 'ExecutionStatus' ? { enumValues: WORKFLOW_EXECUTION_STATUS_CODES } : {}),
  })),
);

const KNOWN_TYPES: ReadonlySet<string> = new Set(SEARCH_ATTRIBUTE_TYPES);

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
    if (!KNOWN_TYPES.has(type)) {
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
