/** Configuration of the embedded Temporal-compatible development server, validated at the process edge. */
import { z } from 'zod';
import { pemFileProblem } from './pem-file';
import { isSystemSearchAttribute, SEARCH_ATTRIBUTE_TYPES } from './system-search-attributes';

/** A PEM file that exists and can be read; the problem names the file. */
export const PemFileSchema = z
  .string()
  .min(1, 'expected the path of a PEM file')
  .superRefine((file, ctx) => {
    const problem = pemFileProblem(file);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

/** gRPC over TLS, for testing clients and workers against a TLS server; with a client CA, mutual TLS. */
export const ServerTlsConfigSchema = z.object({
  /** The server's certificate (chain), PEM. */
  certFile: PemFileSchema,
  /** Its private key, PEM. */
  keyFile: PemFileSchema,
  /** Require a client certificate signed by this CA (mTLS); absent: any client may connect. */
  clientCaFile: PemFileSchema.optional(),
});

/** The HTTP listener that serves the Temporal UI and its /api/v1 API, on the same host as gRPC. */
export const UiServerConfigSchema = z.object({
  /** 8233, as `temporal server start-dev`; 0 picks a free port. */
  port: z.number().int().min(0).max(65535).default(8233),
  /** Refuse cancel, terminate, signal, reset and every other write, in the UI and in the API. */
  readOnly: z.boolean().default(false),
  /** Directory of the built UI; by default ui/build under Steadfast's package root. */
  assetsDir: z.string().min(1).optional(),
});

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
  /** Serve gRPC over TLS (the UI listener stays plain HTTP); absent: plain TCP, as `temporal server start-dev`. */
  tls: ServerTlsConfigSchema.optional(),
  /** Log each RPC to stderr (for debugging the server itself). */
  logRpcs: z.boolean().default(false),
  /**
   * The UI listener, or false for none. In-process servers (tests, the demo) are headless unless asked; the
   * `steadfast server` command serves the UI on 8233 unless --headless.
   */
  ui: z.union([z.literal(false), UiServerConfigSchema]).default(false),
});

export type DevServerConfigInput = z.input<typeof DevServerConfigSchema>;
export type UiServerConfig = z.output<typeof UiServerConfigSchema>;
export type DevServerConfig = z.output<typeof DevServerConfigSchema>;
export type ServerTlsConfig = z.output<typeof ServerTlsConfigSchema>;
