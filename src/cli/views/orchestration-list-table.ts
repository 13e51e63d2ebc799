/** `steadfast list` rows: one orchestration per row, newest first. */
import type { OrchestrationSummary } from '../../client/orchestration-list';
import { formatTable } from '../output/table';
import { formatDuration, formatTimestamp } from '../output/time-format';

const GOAL_WIDTH = 48;

export function formatOrchestrationList(rows: readonly OrchestrationSummary[], now: number): string[] {
  return formatTable(
    [
      { header: 'ID', value: (row) => row.id },
      { header: 'STATUS', value: (row) => row.status },
      { header: 'STARTED', value: (row) => formatTimestamp(row.startedAt) },
      {
        header: 'DURATION',
        value: (row) => formatDuration((row.closedAt?.getTime() ?? now) - row.startedAt.getTime()),
        align: 'right',
      },
      {
        header: 'FALLBACKS',
        value: (row) => (row.fallbackCount === undefined ? '-' : String(row.fallbackCount)),
        align: 'right',
      },
      { header: 'CURRENT AGENTS', value: (row) => (row.currentAgents.length > 0 ? row.currentAgents.join(',') : '-') },
      { header: 'GOAL', value: (row) => truncate(row.goal ?? '-', GOAL_WIDTH) },
    ],
    rows,
  );
}

function truncate(text: string, width: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= width ? oneLine : `${oneLine.slice(0, width - 1)}…`;
}
