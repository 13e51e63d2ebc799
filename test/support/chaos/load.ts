/**
 * Load for the scenarios: submits orchestrations through the public client and follows each to its outcome —
 * completed, failed with a typed reason, refused up front, or lost (no outcome within the scenario's bound).
 * Transient errors while the server is down are retried until that bound, as a patient caller would.
 */
import {
  InvalidConfigError,
  OrchestrationFailedError,
  type SteadfastClient,
  type StepStatus,
} from '../../../src/client';
import type { OrchestrationRequestInput } from '../../../src/config/orchestration-request';

export type OutcomeKind = 'completed' | 'failed' | 'refused' | 'lost';

export interface OrchestrationOutcome {
  readonly id: string;
  readonly kind: OutcomeKind;
  /** Epoch ms when the client submitted it. */
  readonly submittedAt: number;
  /** Epoch ms when the client learned the outcome (absent when lost). */
  readonly settledAt?: number;
  /** Failure type (failed), error name (refused) or why it counts as lost. */
  readonly reason?: string;
  readonly message?: string;
  readonly fallbackCount?: number;
  readonly steps?: readonly StepStatus[];
}

export interface PlannedOrchestration {
  readonly id: string;
  readonly request: OrchestrationRequestInput;
}

const RETRY_PAUSE_MS = 250;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Errors that say the request itself was refused: no amount of waiting changes them. */
function isRefusal(error: unknown): error is Error {
  return (
    error instanceof InvalidConfigError || (error instanceof Error && error.name === 'OrchestrationOverloadedError')
  );
}

/** Starts one orchestration and waits for its outcome until `settleBy` (epoch ms). */
export async function runOrchestration(
  client: SteadfastClient,
  planned: PlannedOrchestration,
  settleBy: number,
): Promise<OrchestrationOutcome> {
  const submittedAt = Date.now();
  let started = false;
  let lastError: unknown;
  while (Date.now() < settleBy) {
    try {
      if (!started) {
        await client.start(planned.request, { id: planned.id });
        started = true;
      }
      const result = await client.result(planned.id);
      return {
        id: planned.id,
        kind: 'completed',
        submittedAt,
        settledAt: Date.now(),
        fallbackCount: result.fallbackCount,
        steps: result.steps,
      };
    } catch (error) {
      if (isRefusal(error) && !started) {
        return {
          id: planned.id,
          kind: 'refused',
          submittedAt,
          settledAt: Date.now(),
          reason: error.name,
          message: error.message,
        };
      }
      if (error instanceof OrchestrationFailedError) {
        return {
          id: planned.id,
          kind: 'failed',
          submittedAt,
          settledAt: Date.now(),
          reason: error.type,
          message: error.message,
          ...(error.status ? { fallbackCount: error.status.fallbackCount, steps: error.status.steps } : {}),
        };
      }
      if (isAlreadyStarted(error)) started = true;
      lastError = error;
      await pause(RETRY_PAUSE_MS);
    }
  }
  const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
  return {
    id: planned.id,
    kind: 'lost',
    submittedAt,
    reason: 'no outcome in time',
    message: `no outcome by ${new Date(settleBy).toISOString()}${cause}`,
  };
}

/** A start retried after a lost answer finds its own earlier start: that one is followed instead. */
function isAlreadyStarted(error: unknown): boolean {
  return error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError';
}

/** Submits every orchestration at once and resolves with all their outcomes. */
export function runAll(
  client: SteadfastClient,
  planned: readonly PlannedOrchestration[],
  settleWithinMs: number,
): Promise<OrchestrationOutcome[]> {
  const settleBy = Date.now() + settleWithinMs;
  return Promise.all(planned.map((one) => runOrchestration(client, one, settleBy)));
}

/** Submits one orchestration every `intervalMs` (a steady arrival rate) and resolves with all their outcomes. */
export function runPaced(
  client: SteadfastClient,
  planned: readonly PlannedOrchestration[],
  intervalMs: number,
  settleWithinMs: number,
): Promise<OrchestrationOutcome[]> {
  const began = Date.now();
  const settleBy = began + planned.length * intervalMs + settleWithinMs;
  return Promise.all(
    planned.map(async (one, index) => {
      await pause(began + index * intervalMs - Date.now());
      return runOrchestration(client, one, settleBy);
    }),
  );
}
