/** Configuration of the embedded Temporal-compatible development server, validated at the process edge. */
import { z } from 'zod';
import { isSystemSearchAttribute, SEARCH_ATTRIBUTE_TYPES } from './system-search-attributes';

export const DevServerConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(7233),
  /** Path of the SQLite database file, or ':memory:' for a throwaway server. */
  db: z.string().min(1).default('.steadfast/dev.db'),
  /** Namespaces registered at start; 'default' is always present. */
  namespaces: z.array(z.string().min(1)).default([]),
  /** Custom search attributes registered in every configured namespace at start, name to type. */
  searchAttributes: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a search attribute name is letters, digits and underscores')
        .refine(
          (name) => !isSystemSearchAttribute(name),
          'is a system search attribute: it exists already and cannot be registered',
        ),
      z.enum(SEARCH_ATTRIBUTE_TYPES),
    )
    .default({}),
  /** Events after which a workflow task suggests continue-as-new (Temporal's default is 4,096). */
  suggestContinueAsNewAfterEvents: z.number().int().positive().default(4096),
  /** Log each RPC to stderr (for debugging the server itself). */
  logRpcs: z.boolean().default(false),
});

export type DevServerConfigInput = z.input<typeof DevServerConfigSchema>;
export type DevServerConfig = z.output<typeof DevServerConfigSchema>;
