/** Settings of the edge fallback: what `run` does when the Temporal server cannot be reached, and the local outbox. */
import { z } from 'zod';
import { durationAtLeast } from './duration';

export const UNREACHABLE_THEN = ['autonomous', 'queue', 'fail'] as const;
export type UnreachableThen = (typeof UNREACHABLE_THEN)[number];

export const UnreachableSchema = z.strictObject({
  /** How long the server may take to accept the start before the edge decides on its own. */
  after: durationAtLeast(1).default(5_000),
  then: z.enum(UNREACHABLE_THEN, { error: 'expected "autonomous", "queue" or "fail"' }),
});

/** Duck-typed here (config has no access to activities/): an object with a name and a handler, as defineAgent makes. */
const AgentDefinitionLike = z.custom<{ readonly name: string }>(
  (value) =>
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { handler?: unknown }).handler === 'function',
  { error: 'expected an agent made by defineAgent(...)' },
);

export const EdgeDrainSchema = z
  .strictObject({
    /** Admission control of the drain: at most this many starts or recordings in flight at once. */
    maxConcurrentStarts: z.number().int().min(1).max(256).default(4),
    /** First wait after the server could not be reached; doubles up to maxBackoff. */
    initialBackoff: durationAtLeast(1).default(250),
    maxBackoff: durationAtLeast(1).default(10_000),
    /** How long one start may take before the server counts as unreachable again. */
    startTimeout: durationAtLeast(1).default(5_000),
    /** A start that fails for another reason than reachability is given up (state "rejected") after this many tries. */
    maxAttempts: z.number().int().min(1).max(1_000).default(10),
  })
  .prefault({});

export const EdgeConfigSchema = z.strictObject({
  /** The outbox database file: one per application instance (SQLite, WAL). */
  outbox: z.string({ error: 'expected the path of the outbox database file' }).min(1),
  /** Agents whose `autonomous` handlers answer requests at the edge (`then: "autonomous"`). */
  agents: z.array(AgentDefinitionLike).default([]),
  /** Drain the outbox in the background whenever it holds work (off: only `outbox.drain()` drains it). */
  autoDrain: z.boolean().default(true),
  drain: EdgeDrainSchema,
});

export type UnreachableOptions = z.output<typeof UnreachableSchema>;
export type EdgeConfigInput = z.input<typeof EdgeConfigSchema>;
export type EdgeConfig = z.output<typeof EdgeConfigSchema>;
export type EdgeDrainSettings = z.output<typeof EdgeDrainSchema>;
