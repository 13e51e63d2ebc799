/** Where a process finds Temporal: server address and namespace, from options, then the environment, then defaults. */
import { z } from 'zod';

export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';
export const DEFAULT_NAMESPACE = 'default';

export const TemporalAddressSchema = z
  .string({ error: 'expected host:port, e.g. 127.0.0.1:7233' })
  .trim()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, { error: 'expected host:port, e.g. 127.0.0.1:7233', abort: true })
  .refine((address) => Number(address.slice(address.lastIndexOf(':') + 1)) <= 65535, 'the port must be at most 65535');

export const NamespaceSchema = z.string({ error: 'expected a namespace name' }).trim().min(1).max(200);

export const TaskQueueSchema = z.string({ error: 'expected a task queue name' }).trim().min(1).max(200);

export interface TemporalEnvironment {
  readonly address?: string;
  readonly namespace?: string;
}

/** TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE, the variables Temporal's own tools read; unset or empty ones are left out. */
export function temporalEnvironment(env: NodeJS.ProcessEnv = process.env): TemporalEnvironment {
  return {
    ...(env.TEMPORAL_ADDRESS ? { address: env.TEMPORAL_ADDRESS } : {}),
    ...(env.TEMPORAL_NAMESPACE ? { namespace: env.TEMPORAL_NAMESPACE } : {}),
  };
}
