/**
 * `steadfast run --wait`: shows the steps of an orchestration while it runs, from its status query, and returns
 * how it ended. The result itself is awaited from the server, so progress polling never decides the outcome.
 */
import { OrchestrationFailedError } from '../../client/orchestration-errors';
import type { OrchestrationResult, OrchestrationStatus, StepStatus } from '../../orchestration/status-view';
import type { LiveOutput } from '../output/live-output';
import { isDeadlineExceeded } from '../connection/query-errors';
import type { CliConnection } from '../connection/steadfast-connection';
import { formatStepTable } from '../views/step-table';

export type OrchestrationOutcome =
  | { readonly kind: 'completed' | 'cancelled'; readonly result: OrchestrationResult; readonly startedAt?: number }
  | { readonly kind: 'failed'; readonly error: OrchestrationFailedError; readonly startedAt?: number };

export interface FollowOptions {
  readonly pollIntervalMs?: number;
  /** How long one status query may wait for the orchestrator worker. */
  readonly queryTimeoutMs?: number;
}

export async function followOrchestration(
  connection: CliConnection,
  id: string,
  output: LiveOutput,
  options: FollowOptions = {},
): Promise<OrchestrationOutcome> {
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const queryTimeoutMs = options.queryTimeoutMs ?? 5_000;
  let ended = false;
  const outcome = connection.client.result(id).then(
    (result) => ({ kind: result.status, result }) as const,
    (error: unknown) => {
      if (error instanceof OrchestrationFailedError) return { kind: 'failed', error } as const;
      throw error;
    },
  );
  void outcome.then(
    () => (ended = true),
    () => (ended = true),
  );

  let latest: OrchestrationStatus | undefined;
  while (!ended) {
    try {
      latest = await connection.withTimeout(queryTimeoutMs, () => connection.client.status(id));
      if (!ended) output.update(liveLines(id, latest.phase, latest.steps, latest.startedAt));
    } catch (error) {
      // Progress is best effort: how the orchestration ends comes from its result, which reports real failures.
      if (isDeadlineExceeded(error))
        output.update([`Orchestration ${id}: waiting for an orchestrator worker to pick it up`]);
    }
    await Promise.race([outcome.catch(() => undefined), delay(pollIntervalMs)]);
  }

  const ending = await outcome;
  const startedAt = latest?.startedAt ?? (ending.kind === 'failed' ? ending.error.status?.startedAt : undefined);
  const steps = ending.kind === 'failed' ? (ending.error.status?.steps ?? latest?.steps ?? []) : ending.result.steps;
  output.update(liveLines(id, ending.kind, steps, startedAt ?? earliestStart(steps)));
  output.finish();
  return startedAt === undefined ? ending : { ...ending, startedAt };
}

function liveLines(id: string, phase: string, steps: readonly StepStatus[], startedAt: number): string[] {
  return [
    `Orchestration ${id}: ${phase}`,
    ...formatStepTable(steps, { startedAt, now: Date.now(), live: true }).map((line) => `  ${line}`),
  ];
}

function earliestStart(steps: readonly StepStatus[]): number {
  const starts = steps.map((step) => step.startedAt).filter((at): at is number => at !== undefined);
  return starts.length > 0 ? Math.min(...starts) : Date.now();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
