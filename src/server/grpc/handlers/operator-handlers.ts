/** OperatorService: registering custom search attributes. */
import { enums } from '../../proto/temporal-proto';
import { invalidArgument, notFound } from '../rpc-error';
import { requireNamespace, type RpcHandler } from '../handler-env';
import {
  BUILT_IN_SEARCH_ATTRIBUTES,
  PREDEFINED_SEARCH_ATTRIBUTES,
  isSystemSearchAttribute,
  type SearchAttributeType,
} from '../../visibility';

const TYPE_NAMES: Record<number, SearchAttributeType> = {
  [enums.IndexedValueType.INDEXED_VALUE_TYPE_TEXT]: 'Text',
  [enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]: 'Keyword',
  [enums.IndexedValueType.INDEXED_VALUE_TYPE_INT]: 'Int',
  [enums.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE]: 'Double',
  [enums.IndexedValueType.INDEXED_VALUE_TYPE_BOOL]: 'Bool',
  [enums.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME]: 'Datetime',
  [enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST]: 'KeywordList',
};
const TYPE_CODES = Object.fromEntries(Object.entries(TYPE_NAMES).map(([code, name]) => [name, Number(code)]));

export const operatorHandlers: Record<string, RpcHandler> = {
  AddSearchAttributes(request, env) {
    const namespace = request.namespace || 'default';
    requireNamespace(env, namespace);
    const entries = Object.entries((request.searchAttributes ?? {}) as Record<string, number>);
    if (entries.length === 0) throw invalidArgument('SearchAttributes are not set on request.');
    for (const [name, code] of entries) {
      const type = TYPE_NAMES[code];
      if (!type) throw invalidArgument(`Unknown search attribute type ${code} for ${name}.`);
      if (isSystemSearchAttribute(name)) {
        throw invalidArgument(`Search attribute ${name} is reserved by the system.`);
      }
    }
    env.ctx.transact(() => {
      for (const [name, code] of entries) env.ctx.searchAttributes.add(namespace, { name, type: TYPE_NAMES[code] });
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
      systemAttributes[def.name] = TYPE_CODES[def.type] ?? 0;
    return { customAttributes, systemAttributes, storageSchema: {} };
  },
};
