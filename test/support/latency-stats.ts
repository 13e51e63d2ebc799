/** Summary figures for a set of latencies, in milliseconds. */

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function summarizeLatencies(latenciesMs: readonly number[]): LatencySummary {
  if (latenciesMs.length === 0) throw new Error('no latencies to summarize');
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const sampleAt = (index: number): number => {
    const sample = sorted[index];
    if (sample === undefined) throw new Error(`no latency sample at index ${index} of ${sorted.length}`);
    return sample;
  };
  // Nearest rank: the smallest value with at least p% of the samples at or below it.
  const percentile = (p: number) => sampleAt(Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    count: sorted.length,
    meanMs: round(sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length),
    p50Ms: round(percentile(50)),
    p90Ms: round(percentile(90)),
    p99Ms: round(percentile(99)),
    maxMs: round(sampleAt(sorted.length - 1)),
  };
}

/** "p50 / p99 / max" of a summary, in its milliseconds, as the reports print it. */
export function formatSpread(summary: Pick<LatencySummary, 'p50Ms' | 'p99Ms' | 'maxMs'>): string {
  return `${summary.p50Ms} / ${summary.p99Ms} / ${summary.maxMs}`;
}
