/** Progress lines on stdout, stamped with the time since the benchmark run began. */

const begun = performance.now();

export function say(line: string): void {
  const seconds = ((performance.now() - begun) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${seconds}s] ${line}\n`);
}

export const round1 = (value: number) => Math.round(value * 10) / 10;
export const round2 = (value: number) => Math.round(value * 100) / 100;
export const mib = (bytes: number) => round1(bytes / 2 ** 20);
