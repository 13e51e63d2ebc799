/** Search attributes must be registered before use (OperatorService AddSearchAttributes), as in Temporal. */
import type { ServerContext } from './server-context';
import type { Relaxed, temporal } from '../proto/temporal-proto';
import { BUILT_IN_SEARCH_ATTRIBUTES, PREDEFINED_SEARCH_ATTRIBUTES } from '../visibility';

type Payload = Relaxed<temporal.api.common.v1.IPayload>;

/** A one-line problem with the attributes, or undefined when they are all registered with matching types. */
export function searchAttributeProblem(
  ctx: ServerContext,
  namespace: string,
  indexedFields: Record<string, Payload> | null | undefined,
): string | undefined {
  const registered = new Map(
    [...PREDEFINED_SEARCH_ATTRIBUTES, ...ctx.searchAttributes.list(namespace)].map((d) => [d.name, d.type]),
  );
  for (const [name, payload] of Object.entries(indexedFields ?? {})) {
    if (BUILT_IN_SEARCH_ATTRIBUTES.some((a) => a.name === name)) {
      return `search attribute ${name} is reserved by the system`;
    }
    const type = registered.get(name);
    if (!type) {
      return `search attribute ${name} is not defined; register it first (steadfast server --search-attribute ${name}=Keyword, or OperatorService AddSearchAttributes)`;
    }
    const declared = payload.metadata?.type ? Buffer.from(payload.metadata.type).toString('utf8') : undefined;
    if (declared && declared !== type) return `search attribute ${name} is of type ${type}, not ${declared}`;
  }
  return undefined;
}

export function attributeTypeLookup(ctx: ServerContext, namespace: string): (name: string) => string | undefined {
  const types = new Map(
    [...PREDEFINED_SEARCH_ATTRIBUTES, ...ctx.searchAttributes.list(namespace)].map((d) => [d.name, d.type]),
  );
  return (name) => types.get(name);
}
