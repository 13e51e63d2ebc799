/**
 * Reads how a conversation branch ended when it did not answer: the conversation workflow fails with its reason and
 * usage as details, which reach the step runner wrapped in a ChildWorkflowFailure.
 */
import type { ConversationFailureDetails } from './conversation-api';
import type { ClassifiedFailure } from './failure-classifier';

interface FailureShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly details?: unknown;
}

export interface ReadConversationFailure extends ClassifiedFailure {
  readonly details: ConversationFailureDetails;
}

export function readConversationFailure(error: unknown): ReadConversationFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 16 && current !== null && typeof current === 'object'; depth++) {
    const link = current as FailureShape;
    const details = Array.isArray(link.details) ? (link.details[0] as unknown) : undefined;
    if (link.name === 'ApplicationFailure' && isConversationFailureDetails(details)) {
      return {
        reason: details.reason,
        message: typeof link.message === 'string' ? link.message : details.reason,
        allAttemptsUsed: details.reason === 'retries_exhausted',
        details,
      };
    }
    current = link.cause;
  }
  return undefined;
}

function isConversationFailureDetails(value: unknown): value is ConversationFailureDetails {
  const details = value as Partial<ConversationFailureDetails> | null;
  return (
    details !== null &&
    typeof details === 'object' &&
    typeof details.reason === 'string' &&
    typeof details.usage === 'object' &&
    details.usage !== null &&
    typeof details.turns === 'number' &&
    typeof details.providerFailure === 'boolean'
  );
}
