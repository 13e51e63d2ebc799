/** How busy the whole machine's CPUs were over a measurement window (/proc/stat), whoever kept them busy. */
import fs from 'node:fs';

export interface MachineUsage {
  /** Busy share of all CPUs together: 1.0 means no CPU was ever idle. */
  readonly cpuBusyShare: number | null;
}

export interface MachineMeter {
  read(): MachineUsage;
}

export function meterMachine(): MachineMeter {
  const start = cpuTimes();
  return {
    read() {
      const end = cpuTimes();
      if (!start || !end || end.total <= start.total) return { cpuBusyShare: null };
      const busy = end.total - end.idle - (start.total - start.idle);
      return { cpuBusyShare: Math.round((busy / (end.total - start.total)) * 100) / 100 };
    },
  };
}

/** Jiffies since boot over all CPUs; idle counts iowait too. Undefined where /proc/stat is missing. */
function cpuTimes(): { total: number; idle: number } | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    return { total, idle: (fields[3] ?? 0) + (fields[4] ?? 0) };
  } catch {
    return undefined;
  }
}
