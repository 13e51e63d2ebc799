/** Resource use of another Linux process, read from /proc while it is still running; undefined elsewhere. */
import fs from 'node:fs';

/** Peak resident set size (VmHWM). */
export function peakRssBytes(pid: number): number | undefined {
  const status = readProc(pid, 'status');
  const match = status === undefined ? null : /^VmHWM:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** User plus system CPU time so far. */
export function cpuSeconds(pid: number): number | undefined {
  const stat = readProc(pid, 'stat');
  if (stat === undefined) return undefined;
  // Fields after the parenthesised command name, which may itself contain spaces; utime and stime are fields 14, 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  // USER_HZ is 100 on every mainstream Linux build; Node offers no sysconf(_SC_CLK_TCK).
  return Number.isFinite(ticks) ? ticks / 100 : undefined;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}
