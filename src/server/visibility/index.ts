/** Visibility: compiling Temporal List Filters for ListWorkflowExecutions / CountWorkflowExecutions into SQLite. */
export { compileListQuery, DEFAULT_ORDER_BY, type CompiledListQuery, type SqlParameter } from './list-query-sql';
export { ListQueryError } from './list-query-tokenizer';
export {
  BUILT_IN_SEARCH_ATTRIBUTES,
  PREDEFINED_SEARCH_ATTRIBUTES,
  isSystemSearchAttribute,
  WORKFLOW_EXECUTION_STATUS_CODES,
  type ResolvedSearchAttribute,
  type SearchAttributeDefinition,
  type SearchAttributeStorage,
  type SearchAttributeType,
} from './search-attribute-catalog';
