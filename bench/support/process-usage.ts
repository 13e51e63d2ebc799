/** CPU and memory of a set of child processes over a measurement window: cores used on average, and peak RSS. */
import { cpuSeconds, peakRssBytes } from '../process-stats';
import { residentBytes } from './proc-memory';
import { mib, round2 } from './progress';

export interface ProcessUsage {
  /** CPU seconds per wall second: 1.0 is one core busy all the time. */
  readonly cpuCores: number | null;
  readonly peakRssMiB: number | null;
  readonly rssMiB: number | null;
}

export interface UsageMeter {
  /** Usage since the meter started, summed over the processes. */
  read(): ProcessUsage;
}

export function meterProcesses(pids: readonly number[]): UsageMeter {
  const cpuAtStart = pids.map((pid) => cpuSeconds(pid));
  const begin = performance.now();
  return {
    read() {
      const seconds = (performance.now() - begin) / 1000;
      let cpu: number | null = 0;
      pids.forEach((pid, i) => {
        const now = cpuSeconds(pid);
        const before = cpuAtStart[i];
        cpu = cpu === null || now === undefined || before === undefined ? null : cpu + (now - before);
      });
      const peaks = pids.map((pid) => peakRssBytes(pid));
      const resident = pids.map((pid) => residentBytes(pid));
      return {
        cpuCores: cpu === null ? null : round2(cpu / seconds),
        peakRssMiB: peaks.every((value) => value !== undefined)
          ? mib((peaks as number[]).reduce((a, b) => a + b, 0))
          : null,
        rssMiB: resident.every((value) => value !== undefined)
          ? mib((resident as number[]).reduce((a, b) => a + b, 0))
          : null,
      };
    },
  };
}
