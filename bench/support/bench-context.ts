/** What every benchmark part receives: its sizes, a scratch folder, the prebuilt workflow bundle and how to record results. */

export interface BenchSizes {
  /** Multiplies orchestration counts; 1 at default sizes. */
  readonly scale: number;
  readonly quick: boolean;
  /** Completed orchestrations the state part accumulates. */
  readonly stateOrchestrations: number;
}

export interface BenchContext {
  readonly sizes: BenchSizes;
  /** A fresh folder per part, removed afterwards. */
  readonly scratch: string;
  readonly workflowBundle: string;
  /** The command line that produced this run, recorded with every figure. */
  readonly command: string;
  /** Writes bench/results/<name>[.<tag>].json and returns its path. */
  record(name: string, setup: object, results: object): string;
  /** An orchestration count scaled by --scale, at least `min`. */
  scaled(count: number, min?: number): number;
}
