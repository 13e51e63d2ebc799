/** Starts the demo's orchestrations and waits for every one, printing a line as each ends and a live count on terminals. */
import type { OrchestrationRequestInput } from '../../config/orchestration-request';
import type { OrchestrationResult, StepStatus } from '../../orchestration/status-view';
import type { LiveOutput } from '../output/live-output';
import type { CliConnection } from '../connection/steadfast-connection';
import { formatDuration } from '../output/time-format';
import { demoRequest } from './demo-requests';
import { shortReason } from './demo-summary';
import { retriesOf, type DemoOutcome } from './demo-tally';

export interface DemoBatchOptions {
  readonly ids: readonly string[];
  readonly searchAttributes: boolean;
  readonly output: LiveOutput;
  /** Aborted when the demo stops early: waiting for results is cancelled and nothing more is printed. */
  readonly ended: AbortSignal;
  /** The request of orchestration `index` (default: the classic demo's research -> draft -> review). */
  readonly request?: (index: number) => OrchestrationRequestInput;
  /** Pause between starts, so later orchestrations meet what earlier ones left (open circuits). */
  readonly staggerMs?: number;
}

const TICK_MS = 250;

export async function runDemoBatch(connection: CliConnection, options: DemoBatchOptions): Promise<DemoOutcome[]> {
  const { ids, output } = options;
  const { client } = connection;
  const startedAt = Date.now();
  const handles = [];
  for (const [index, id] of ids.entries()) {
    const request = options.request?.(index) ?? demoRequest(index, { searchAttributes: options.searchAttributes });
    if (index > 0 && options.staggerMs) await new Promise((resolve) => setTimeout(resolve, options.staggerMs));
    handles.push(await client.start(request, { id }));
  }
  output.log(`Started ${ids.length} orchestration(s): ${ids[0]}${ids.length > 1 ? ` … ${ids.at(-1)}` : ''}`);

  let finished = 0;
  const showCount = () =>
    output.update([`  ${finished}/${ids.length} finished, ${formatDuration(Date.now() - startedAt)} elapsed`], {
      transient: true,
    });
  const ticker = setInterval(showCount, TICK_MS);
  options.ended.addEventListener('abort', () => clearInterval(ticker), { once: true });
  showCount();
  try {
    return await Promise.all(
      handles.map(async (handle): Promise<DemoOutcome> => {
        const outcome = await connection
          .withAbortSignal(options.ended, () => handle.result())
          .then(
            (result): DemoOutcome => ({ id: handle.id, result }),
            (error: unknown): DemoOutcome => ({
              id: handle.id,
              failure: error instanceof Error ? error.message : String(error),
            }),
          );
        finished += 1;
        if (!options.ended.aborted) {
          output.log(describeOutcome(outcome, Date.now() - startedAt));
          showCount();
        }
        return outcome;
      }),
    );
  } finally {
    clearInterval(ticker);
    output.update([], { transient: true });
    output.finish();
  }
}

/** e.g. `✓ demo-x-03  2.1s  research primary (2 retries) · draft alternate: agent hung · review autonomous: circuit open` */
export function describeOutcome(outcome: DemoOutcome, elapsedMs: number): string {
  const at = formatDuration(elapsedMs).padStart(6);
  if (!outcome.result) return `  ✗ ${outcome.id}  ${at}  ${outcome.failure ?? 'no result'}`;
  const mark = outcome.result.status === 'completed' ? '✓' : '✗';
  return `  ${mark} ${outcome.id}  ${at}  ${describeSteps(outcome.result)}`;
}

function describeSteps(result: OrchestrationResult): string {
  return result.steps.map(describeStep).join(' · ');
}

function describeStep(step: StepStatus): string {
  const retries = retriesOf(step);
  const retried = retries > 0 ? ` (${retries} ${retries === 1 ? 'retry' : 'retries'})` : '';
  const reason = step.fallbackReason ? `: ${shortReason(step.fallbackReason)}` : '';
  return `${step.id} ${step.mode ?? step.state}${retried}${reason}${failedModelCalls(step)}`;
}

/** LLM steps: the model calls that failed and were made again, by classification. */
function failedModelCalls(step: StepStatus): string {
  const failures = Object.entries(step.conversation?.failures ?? {});
  if (failures.length === 0) return '';
  const kinds = failures.map(([kind, count]) => (count > 1 ? `${kind} ×${count}` : kind)).join(', ');
  return ` [${kinds}]`;
}
