/** Settings of the shared agent-health registry: when a circuit opens and for how long. */
import { z } from 'zod';
import { DurationSchema, durationAtLeast } from './duration';

export const HealthRegistryConfigSchema = z.strictObject({
  /** Consecutive failures (no agent reachable, hung, retries exhausted, timed out, garbage) that open a circuit. */
  failureThreshold: z.number().int().min(1).max(1_000).default(3),
  /** How long an open circuit skips the agent before letting a trial dispatch through. */
  cooldown: durationAtLeast(1).default(30_000),
  /** Outcomes kept per agent for inspection. */
  recentOutcomes: z.number().int().min(1).max(1_000).default(20),
  /**
   * How long an orchestrator worker reuses a circuit snapshot before asking the registry again (0: every dispatch);
   * each orchestration reuses its own for a random half to all of it, so they do not all ask at once.
   */
  snapshotMaxAge: DurationSchema.default(1_000),
  /**
   * The same for a snapshot in which every circuit asked about is closed with no failure since its last success: only
   * news of a failure can make it stale, and orchestrations report the failures they meet at once (and then ask
   * afresh). Used only when `snapshotMaxAge` is above 0, and never below it.
   */
  quietSnapshotMaxAge: DurationSchema.default(5_000),
  /**
   * Longest a dispatch waits for the registry's answer when this worker has none yet for its agents; past it, every
   * agent counts as healthy. The read runs inside a workflow task, which a worker killed meanwhile leaves open until
   * its timeout: short, so that window is small.
   */
  readTimeout: durationAtLeast(1).default(250),
  /** Successes are sent to the registry in batches this often; failures go at once. */
  successReportInterval: durationAtLeast(1).default(250),
  continueAsNewAfterEvents: z.number().int().min(50).max(50_000).default(5_000),
});

export type HealthRegistryConfigInput = z.input<typeof HealthRegistryConfigSchema>;
export type HealthRegistryConfig = z.output<typeof HealthRegistryConfigSchema>;
