/** How the CLI writes times: short durations ("1.4s", "2m 05s"), ages ("12s ago") and local timestamps. */

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1_000);
  const hours = Math.floor(totalSeconds / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  return hours > 0 ? `${hours}h ${pad(minutes)}m` : `${minutes}m ${pad(seconds)}s`;
}

/** "12s ago" for a time in the past, "in 12s" for one in the future. */
export function formatRelative(at: number, now: number): string {
  const delta = at - now;
  return delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
}

/** Local time as YYYY-MM-DD HH:MM:SS. */
export function formatTimestamp(at: number | Date): string {
  const date = at instanceof Date ? at : new Date(at);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
