/** OperatorService: registering custom search attributes. */
import { enums } from '../../proto/temporal-proto';
import { invalidArgument, notFound } from '../../errors/rpc-error';
import { requireNamespace, type OperatorServiceHandlers } from '../handler-env';
import {
  BUILT_IN_SEARCH_ATTRIBUTES,
  PREDEFINED_SEARCH_ATTRIBUTES,
  isSystemSearchAttribute,
  type SearchAttributeType,
} from '../../visibility';

const TYPE_CODES: Record<SearchAttributeType, number> = {
  Text: enums.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Keyword: enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: enums.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: enums.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: enums.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: enums.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};
const TYPE_NAMES = new Map(
  (Object.keys(TYPE_CODES) as SearchAttributeType[]).map((name) => [TYPE_CODES[name], name] as const),
);

export const operatorHandlers = {
  AddSearchAttributes(request, env) {
    const namespace = request.namespace || 'default';
    requireNamespace(env, namespace);
    const entries = Object.entries((request.searchAttributes ?? {}) as Record<string, number>);
    if (entries.length === 0) throw invalidArgument('SearchAttributes are not set on request.');
    const definitions = entries.map(([name, code]) => {
      const type = TYPE_NAMES.get(code);
      if (!type) throw invalidArgument(`Unknown search attribute type ${code} for ${name}.`);
      if (isSystemSearchAttribute(name)) {
        throw invalidArgument(`Search attribute ${name} is reserved by the system.`);
      }
      return { name, type };
    });
    env.ctx.transact(() => {
      for (const definition of definitions) env.ctx.searchAttributes.add(namespace, definition);
    });
    return {};
  },

  RemoveSearchAttributes(request, env) {
    const namespace = request.namespace || 'default';
    requireNamespace(env, namespace);
    for (const name of (request.searchAttributes ?? []) as string[]) {
      if (!env.ctx.searchAttributes.remove(namespace, name)) throw notFound(`Search attribute ${name} doesn't exist.`);
    }
    return {};
  },

  ListSearchAttributes(request, env) {
    const namespace = request.namespace || 'default';
    requireNamespace(env, namespace);
    const customAttributes: Record<string, number> = {};
    for (const def of env.ctx.searchAttributes.list(namespace)) customAttributes[def.name] = TYPE_CODES[def.type];
    const systemAttributes: Record<string, number> = {};
    for (const def of [...BUILT_IN_SEARCH_ATTRIBUTES, ...PREDEFINED_SEARCH_ATTRIBUTES])
      systemAttributes[def.name] = TYPE_CODES[def.type];
    return { customAttributes, systemAttributes, storageSchema: {} };
  },
} satisfies OperatorServiceHandlers;
