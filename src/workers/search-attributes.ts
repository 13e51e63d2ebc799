/**
 * Registers the custom search attributes orchestrations publish when a request enables `visibility.searchAttributes`.
 * Idempotent; a server that refuses (Temporal Cloud, missing permissions) gets one warning and the process goes on.
 */
import type { OperatorService } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SearchAttributeNames } from '../orchestration/names';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

/** Name to type of every attribute Steadfast publishes. */
export const STEADFAST_SEARCH_ATTRIBUTES: Readonly<Record<string, temporal.api.enums.v1.IndexedValueType>> = {
  [SearchAttributeNames.status]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeNames.currentAgent]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeNames.fallbackCount]: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeNames.llmTokens]: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeNames.llmCostUsd]: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
};

export interface SearchAttributeRegistration {
  /** Attributes this call added. */
  readonly added: readonly string[];
  /** Attributes that were registered already. */
  readonly present: readonly string[];
  /** Why the server refused, when it did (the warning that was logged). */
  readonly refused?: string;
}

export interface RegistrationLogger {
  warn(line: string): void;
}

const GRPC_ALREADY_EXISTS = 6;

/** Works with a client Connection or a worker NativeConnection. */
export async function registerSteadfastSearchAttributes(
  connection: { readonly operatorService: OperatorService },
  namespace: string,
  logger: RegistrationLogger = { warn: (line) => process.stderr.write(`${line}\n`) },
): Promise<SearchAttributeRegistration> {
  const wanted = Object.keys(STEADFAST_SEARCH_ATTRIBUTES);
  try {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    const existing = listed.customAttributes ?? {};
    const present = wanted.filter((name) => name in existing);
    const missing = wanted.filter((name) => !(name in existing));
    for (const name of present) {
      if (existing[name] !== STEADFAST_SEARCH_ATTRIBUTES[name]) {
        logger.warn(
          `steadfast: search attribute ${name} is registered in namespace "${namespace}" with another type ` +
            `(${IndexedValueType[existing[name]!]}); orchestrations with visibility.searchAttributes will fail to publish it`,
        );
      }
    }
    if (missing.length === 0) return { added: [], present };
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((name) => [name, STEADFAST_SEARCH_ATTRIBUTES[name]!])),
    });
    return { added: missing, present };
  } catch (error) {
    // Another process registered them between our list and add: the goal is reached.
    if ((error as { code?: unknown })?.code === GRPC_ALREADY_EXISTS) return { added: [], present: wanted };
    const refused = error instanceof Error ? error.message : String(error);
    logger.warn(
      `steadfast: could not register search attributes ${wanted.join(', ')} in namespace "${namespace}" (${refused}); ` +
        'register them with your cluster tools, or leave visibility.searchAttributes off',
    );
    return { added: [], present: [], refused };
  }
}
