/** A closed-loop load: `concurrency` callers, each running the next item as soon as its previous one finished. */

export interface LoopFigures {
  readonly wallMs: number;
  /** Per completed item, from its start to its result. */
  readonly latenciesMs: number[];
  readonly failures: string[];
}

export async function runClosedLoop(
  total: number,
  concurrency: number,
  runItem: (index: number) => Promise<void>,
  onProgress?: (done: number) => void,
): Promise<LoopFigures> {
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const begin = performance.now();
  const caller = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      const started = performance.now();
      try {
        await runItem(index);
        latenciesMs.push(performance.now() - started);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
      onProgress?.(latenciesMs.length + failures.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, caller));
  return { wallMs: performance.now() - begin, latenciesMs, failures };
}

/** Calls `report` every `everyMs` while `work` runs. */
export async function withTicker<T>(everyMs: number, report: () => void, work: Promise<T>): Promise<T> {
  const ticker = setInterval(report, everyMs);
  try {
    return await work;
  } finally {
    clearInterval(ticker);
  }
}
