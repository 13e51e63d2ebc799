/** Configuration of an agent that calls a JSON HTTP service (for example an LLM gateway). */
import { z } from 'zod';
import { durationAtLeast } from './duration';

export const HttpAgentConfigSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' }),
  method: z.enum(['POST', 'PUT', 'PATCH'], { error: 'expected "POST", "PUT" or "PATCH"' }).default('POST'),
  headers: z.record(z.string(), z.string()).default({}),
  /** Per-request limit, on top of the instruction's own deadline and cancellation. */
  requestTimeout: durationAtLeast(1).optional(),
  /** How often to report "still waiting" progress while the service has not answered. */
  progressEvery: durationAtLeast(50).default(2_000),
  /** Builds the JSON body from (task, ctx); by default sends the task and the instruction identity. */
  body: z
    .custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { message: 'expected a function' })
    .optional(),
  /** Maps the parsed JSON response to the agent's output; by default the response is the output. */
  parse: z
    .custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { message: 'expected a function' })
    .optional(),
});

export type HttpAgentConfigInput = z.input<typeof HttpAgentConfigSchema>;
export type HttpAgentConfig = z.output<typeof HttpAgentConfigSchema>;
