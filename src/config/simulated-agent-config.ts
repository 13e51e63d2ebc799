/** Seeded configuration of a simulated agent: its latency and how often each fault happens. */
import { z } from 'zod';
import { DurationSchema } from './duration';

const probability = z.number().min(0).max(1);

export const SimulatedAgentConfigSchema = z.strictObject({
  /** Same seed, same agent, same step and attempt => same behaviour, on any worker. */
  seed: z.number().int().default(1),
  latency: z
    .strictObject({ min: DurationSchema.default(20), max: DurationSchema.default(200) })
    .prefault({})
    .refine((latency) => latency.min <= latency.max, { message: 'min must not exceed max', path: ['min'] }),
  /** Probability of each fault per attempt; together at most 1. */
  faults: z
    .strictObject({
      /** Throw a (retryable unless failNonRetryable) error. */
      fail: probability.default(0),
      /** Stop heartbeating and never answer, until abandoned. */
      hang: probability.default(0),
      /** Kill the worker process abruptly. */
      crash: probability.default(0),
      /** Take `slowFactor` times the drawn latency. */
      slow: probability.default(0),
      /** Return a value of the wrong shape. */
      garbage: probability.default(0),
    })
    .prefault({})
    .refine((f) => f.fail + f.hang + f.crash + f.slow + f.garbage <= 1 + 1e-9, {
      message: 'fault probabilities must add up to at most 1',
    }),
  slowFactor: z.number().min(1).max(1_000).default(10),
  /** When set, only attempts up to this number can fault; later attempts behave. */
  faultyAttempts: z.number().int().min(1).optional(),
  failNonRetryable: z.boolean().default(false),
  /** Output on success; by default the agent echoes what it was asked. */
  output: z.unknown().optional(),
});

export type SimulatedAgentConfigInput = z.input<typeof SimulatedAgentConfigSchema>;
export type SimulatedAgentConfig = z.output<typeof SimulatedAgentConfigSchema>;
export type SimulatedFault = keyof SimulatedAgentConfig['faults'];
