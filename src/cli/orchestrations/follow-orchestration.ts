/**
 * `steadfast run --wait` and `steadfast watch`: show the steps of an orchestration while it runs, from its status
 * query, and return how it ended. The result itself is awaited from the server, so progress polling never decides
 * the outcome. On a terminal the step table is redrawn in place; into a pipe or file each step's changes are
 * logged as they happen, then the final table (aligned as a whole) and, last, the line saying how it ended.
 */
import { OrchestrationFailedError } from '../../client/orchestration-errors';
import type { OrchestrationResult, OrchestrationStatus, StepStatus } from '../../orchestration/status-view';
import type { LiveOutput } from '../output/live-output';
import { isDeadlineExceeded } from '../connection/query-errors';
import type { CliConnection } from '../connection/steadfast-connection';
import { formatStepTable, stepModeLabel } from '../views/step-table';
import { formatDuration } from '../output/time-format';

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

  const progress = output.redraws ? new RedrawnTable(output, id) : new LoggedChanges(output, id);
  let latest: OrchestrationStatus | undefined;
  while (!ended) {
    try {
      latest = await connection.withTimeout(queryTimeoutMs, () => connection.client.status(id));
      if (!ended) progress.show(latest.phase, latest.steps, latest.startedAt);
    } catch (error) {
      // Progress is best effort: how the orchestration ends comes from its result, which reports real failures.
      if (isDeadlineExceeded(error)) progress.waitingForWorker();
    }
    await Promise.race([outcome.catch(() => undefined), delay(pollIntervalMs)]);
  }

  const ending = await outcome;
  const startedAt = latest?.startedAt ?? (ending.kind === 'failed' ? ending.error.status?.startedAt : undefined);
  const steps = ending.kind === 'failed' ? (ending.error.status?.steps ?? latest?.steps ?? []) : ending.result.steps;
  progress.end(ending.kind, steps, startedAt ?? earliestStart(steps));
  return startedAt === undefined ? ending : { ...ending, startedAt };
}

interface Progress {
  show(phase: string, steps: readonly StepStatus[], startedAt: number): void;
  waitingForWorker(): void;
  end(phase: string, steps: readonly StepStatus[], startedAt: number): void;
}

/** A terminal: the header and the step table, redrawn in place. */
class RedrawnTable implements Progress {
  constructor(
    private readonly output: LiveOutput,
    private readonly id: string,
  ) {}

  show(phase: string, steps: readonly StepStatus[], startedAt: number): void {
    this.output.update([
      `Orchestration ${this.id}: ${phase}`,
      ...formatStepTable(steps, { startedAt, now: Date.now(), live: true }).map((line) => `  ${line}`),
    ]);
  }

  waitingForWorker(): void {
    this.output.update([`Orchestration ${this.id}: waiting for an orchestrator worker to pick it up`]);
  }

  end(phase: string, steps: readonly StepStatus[], startedAt: number): void {
    this.show(phase, steps, startedAt);
    this.output.finish();
  }
}

/** A pipe or file: one line per step change, then the final table as a whole, then how it ended. */
class LoggedChanges implements Progress {
  private readonly seen = new Map<string, string>();
  private toldWaiting = false;

  constructor(
    private readonly output: LiveOutput,
    private readonly id: string,
  ) {}

  show(_phase: string, steps: readonly StepStatus[], startedAt: number): void {
    for (const step of steps) {
      // Every step starts pending; a log line says something only once the step moves.
      if (step.state === 'pending' && !this.seen.has(step.id)) continue;
      const change = describeChange(step);
      if (this.seen.get(step.id) === change) continue;
      this.seen.set(step.id, change);
      const at = step.startedAt === undefined ? '' : ` +${formatDuration((step.endedAt ?? Date.now()) - startedAt)}`;
      this.output.log(`  ${step.id}: ${change}${at}`);
    }
  }

  waitingForWorker(): void {
    if (this.toldWaiting) return;
    this.toldWaiting = true;
    this.output.log(`Orchestration ${this.id}: waiting for an orchestrator worker to pick it up`);
  }

  end(phase: string, steps: readonly StepStatus[], startedAt: number): void {
    this.show(phase, steps, startedAt);
    for (const line of formatStepTable(steps, { startedAt, now: Date.now() })) this.output.log(`  ${line}`);
    this.output.log(`Orchestration ${this.id}: ${phase}`);
    this.output.finish();
  }
}

/** "running (primary)", "succeeded (alternate (editor))": what a log reader wants to know changed. */
function describeChange(step: StepStatus): string {
  const state = step.state.replace('_', ' ');
  const mode = stepModeLabel(step);
  return mode === '-' ? state : `${state} (${mode})`;
}

function earliestStart(steps: readonly StepStatus[]): number {
  const starts = steps.map((step) => step.startedAt).filter((at): at is number => at !== undefined);
  return starts.length > 0 ? Math.min(...starts) : Date.now();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
