/**
 * How `run --wait` and `watch` end: the fallback chains and a last line on how the orchestration ended, after the
 * step table. Completed exits 0; failed or cancelled exits 1 with one `steadfast: ...` line.
 */
import { CliError } from '../cli-error';
import { formatDuration } from '../output/time-format';
import { formatFallbackChains } from '../views/step-table';
import type { OrchestrationOutcome } from './follow-orchestration';

const say = (line: string) => process.stdout.write(`${line}\n`);

export function reportOutcome(outcome: OrchestrationOutcome, now = Date.now()): void {
  const took = outcome.startedAt === undefined ? '' : ` in ${formatDuration(now - outcome.startedAt)}`;
  if (outcome.kind === 'failed') {
    for (const line of formatFallbackChains(outcome.error.status?.steps ?? [])) say(line);
    throw new CliError(outcome.error.message);
  }
  for (const line of formatFallbackChains(outcome.result.steps)) say(line);
  if (outcome.kind === 'cancelled')
    throw new CliError(`orchestration "${outcome.result.orchestrationId}" was cancelled${took}`);
  say(
    `Orchestration ${outcome.result.orchestrationId} completed${took} with ${outcome.result.fallbackCount} fallback(s)`,
  );
  say(`Output: ${JSON.stringify(outcome.result.output ?? null, null, 2)}`);
}
