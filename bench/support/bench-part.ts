/** A benchmark part: one question the suite answers, run on its own with `--only <name>`. */
import type { BenchContext } from './bench-context';

export interface BenchPart {
  readonly name: string;
  /** One line on what it measures, for --help and progress. */
  readonly summary: string;
  run(ctx: BenchContext): Promise<void>;
}
