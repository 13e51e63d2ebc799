/**
 * How the benchmark agents behave, read from the environment so that every process loading the agents module
 * (agent pools, orchestrator workers, the baseline) configures them the same way.
 */
import { z } from 'zod';
import { parseOrThrow } from '../../src/config/parse-config';

const milliseconds = z.coerce.number().int().min(0).max(3_600_000);

export const BenchAgentSettingsSchema = z.object({
  /** What every call of the step agent takes, in the agent itself. */
  BENCH_AGENT_LATENCY_MS: milliseconds.default(20),
  /** Heartbeat timeout of the hanging agent: the floor of hang detection. */
  BENCH_HANG_HEARTBEAT_MS: milliseconds.min(100).default(2_000),
  /** When set, every agent call appends when it started and ended to this file. */
  BENCH_LEDGER: z.string().min(1).optional(),
});

export type BenchAgentSettings = z.output<typeof BenchAgentSettingsSchema>;
export type BenchAgentEnvironment = { readonly [K in keyof BenchAgentSettings]?: string };

export function benchAgentSettings(env: NodeJS.ProcessEnv = process.env): BenchAgentSettings {
  return parseOrThrow(BenchAgentSettingsSchema, pickSettings(env), 'benchmark agent settings');
}

/** The environment a child process needs for the given settings. */
export function benchAgentEnvironment(settings: Partial<BenchAgentSettings>): BenchAgentEnvironment {
  return Object.fromEntries(
    Object.entries(settings)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, String(value)]),
  );
}

function pickSettings(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const keys = Object.keys(BenchAgentSettingsSchema.shape);
  return Object.fromEntries(keys.map((key) => [key, env[key] === '' ? undefined : env[key]]));
}
