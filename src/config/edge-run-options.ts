/** Options of `SteadfastClient.run` with an edge fallback: the orchestration id and what to do when unreachable. */
import { z } from 'zod';
import { OrchestrationIdSchema } from './client-config';
import { UnreachableSchema } from './edge-config';

export const EdgeRunOptionsSchema = z.strictObject({
  /** The orchestration's (workflow) id; a random one when absent. It is the id the outbox reconciles by. */
  id: OrchestrationIdSchema.optional(),
  unreachable: UnreachableSchema,
});

export type EdgeRunOptionsInput = z.input<typeof EdgeRunOptionsSchema>;
export type EdgeRunOptions = z.output<typeof EdgeRunOptionsSchema>;
