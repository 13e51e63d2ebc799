/** `steadfast agents`: the shared health registry, one agent per row with its circuit and recent outcomes. */
import type { AgentHealthView } from '../../orchestration/agent-health';
import { formatTable } from '../output/table';
import { formatRelative } from '../output/time-format';

export function formatAgentHealth(agents: readonly AgentHealthView[], now: number): string[] {
  return formatTable(
    [
      { header: 'AGENT', value: (row) => row.agent },
      { header: 'CIRCUIT', value: (row) => row.state.replace('_', '-') },
      { header: 'FAILURES IN A ROW', value: (row) => String(row.consecutiveFailures), align: 'right' },
      { header: 'RECENT OUTCOMES', value: recentOutcomes },
      { header: 'LAST FAILURE', value: (row) => lastFailure(row, now) },
      { header: 'REOPENS', value: (row) => reopens(row, now) },
    ],
    agents,
  );
}

/** Oldest to newest, e.g. "7 ok, 3 failed  ✓✓✗✓✓✓✗✗✓✓". */
function recentOutcomes(row: AgentHealthView): string {
  const ok = row.recent.filter((report) => report.ok).length;
  const trail = row.recent.map((report) => (report.ok ? '✓' : '✗')).join('');
  return `${ok} ok, ${row.recent.length - ok} failed  ${trail}`;
}

function lastFailure(row: AgentHealthView, now: number): string {
  const failure = [...row.recent].reverse().find((report) => !report.ok);
  if (!failure) return '-';
  return `${(failure.reason ?? 'unknown').replace(/_/g, ' ')}, ${formatRelative(failure.at, now)}`;
}

function reopens(row: AgentHealthView, now: number): string {
  if (row.state === 'half_open') return 'now (trial dispatch)';
  return row.reopensAt === undefined ? '-' : formatRelative(row.reopensAt, now);
}
