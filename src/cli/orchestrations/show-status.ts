/** What `steadfast status` prints: a header, the step table and the fallback chains, or the raw status as JSON. */
import { OrchestrationNotFoundError } from '../../client/orchestration-errors';
import type { OrchestrationStatus } from '../../orchestration/status-view';
import { CliError } from '../cli-error';
import type { ConnectionFlags } from '../connection/connection-flags';
import { formatDuration, formatTimestamp } from '../output/time-format';
import { isDeadlineExceeded, noWorkerAnswered, QUERY_TIMEOUT_MS } from '../connection/query-errors';
import { withSteadfast } from '../connection/steadfast-connection';
import { formatApprovals } from '../views/approval-lines';
import { formatLlmUsage } from '../views/llm-usage-lines';
import { statusForJson } from '../views/status-json';
import { formatFallbackChains, formatStepTable } from '../views/step-table';
import { findRunUiLink, namespaceIdOf } from '../connection/ui-link';

export interface StatusRequest extends ConnectionFlags {
  readonly id: string;
  readonly json: boolean;
  readonly uiUrl?: string | undefined;
}

export async function showStatus(request: StatusRequest): Promise<void> {
  const { status, link } = await withSteadfast(request, async (connection) => {
    const found = await connection
      .withTimeout(QUERY_TIMEOUT_MS, () => connection.client.status(request.id))
      .catch((error: unknown) => {
        if (error instanceof OrchestrationNotFoundError) throw new CliError(error.message);
        if (isDeadlineExceeded(error)) throw noWorkerAnswered(`the status query of "${request.id}"`);
        throw error;
      });
    const target = {
      address: connection.address,
      namespace: connection.namespace,
      workflowId: request.id,
      namespaceId: namespaceIdOf(connection),
    };
    return { status: found, link: request.json ? undefined : await findRunUiLink(target, request.uiUrl) };
  });
  const lines = request.json
    ? [JSON.stringify(statusForJson(status), null, 2)]
    : [...describeStatus(status, Date.now()), ...(link ? ['', `Temporal UI: ${link}`] : [])];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function describeStatus(status: OrchestrationStatus, now: number): string[] {
  const ended = status.steps.map((step) => step.endedAt ?? 0);
  const finished = status.phase !== 'running' && status.phase !== 'paused';
  // A run ended from outside (terminated, timed out) may have no step that recorded an end.
  const lastEnd = Math.max(0, ...ended);
  const elapsed = (finished && lastEnd > 0 ? lastEnd : now) - status.startedAt;
  return [
    `Orchestration ${status.orchestrationId}: ${status.phase} (${status.mode}, ${status.steps.length} step(s), ${status.fallbackCount} fallback(s))`,
    `Goal: ${status.goal}`,
    `Started ${formatTimestamp(status.startedAt)}, ${finished ? 'took' : 'running for'} ${formatDuration(elapsed)}` +
      (status.deadline !== undefined ? `, deadline ${formatTimestamp(status.deadline)}` : ''),
    ...(status.currentAgents.length > 0 ? [`Working now: ${status.currentAgents.join(', ')}`] : []),
    '',
    ...formatStepTable(status.steps, { startedAt: status.startedAt, now }),
    ...withBlankLineBefore(formatApprovals(status.orchestrationId, status.steps, now)),
    ...withBlankLineBefore(formatFallbackChains(status.steps)),
    ...withBlankLineBefore(formatLlmUsage(status)),
    ...(status.failure ? ['', `Failure (${status.failure.type}): ${status.failure.message}`] : []),
  ];
}

function withBlankLineBefore(lines: string[]): string[] {
  return lines.length > 0 ? ['', ...lines] : [];
}
