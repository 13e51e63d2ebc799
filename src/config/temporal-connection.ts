/** The shapes of a Temporal server's address, namespace and task queue, and the local defaults (temporal-profile.ts reads them). */
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
