/**
 * Where large payloads go (prompts, replies, tool results above a size): Temporal's External Storage with a local,
 * content-addressed directory. STEADFAST_PAYLOAD_STORE is a directory or "off"; unset, processes that reach a server
 * on this machine use .steadfast/payloads (every process shares the directory), others keep payloads inline.
 */
import path from 'node:path';
import { z } from 'zod';
import { zodIssueLines } from './format-zod-error';
import { InvalidConfigError } from './parse-config';

/** Payloads larger than this (bytes) are stored and referenced; small ones stay inline. */
export const DEFAULT_PAYLOAD_THRESHOLD = 4 * 1024;
export const DEFAULT_PAYLOAD_DIRECTORY = path.join('.steadfast', 'payloads');

const PayloadStorageEnvSchema = z.strictObject({
  STEADFAST_PAYLOAD_STORE: z.string().trim().min(1, 'must be a directory or "off"').optional(),
  STEADFAST_PAYLOAD_THRESHOLD: z
    .string()
    .regex(/^\d+$/, 'must be a number of bytes')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(0)
        .max(4 * 1024 * 1024, 'must be at most 4 MiB (Temporal refuses larger payloads)'),
    )
    .optional(),
});

export interface PayloadStorageConfig {
  /** Absolute directory of the local store. */
  readonly directory: string;
  readonly thresholdBytes: number;
}

/** The store a process uses, or undefined when payloads stay inline. */
export function payloadStorageConfig(
  env: NodeJS.ProcessEnv,
  serverIsLocal: boolean,
  cwd = process.cwd(),
): PayloadStorageConfig | undefined {
  const parsed = PayloadStorageEnvSchema.safeParse({
    STEADFAST_PAYLOAD_STORE: env.STEADFAST_PAYLOAD_STORE,
    STEADFAST_PAYLOAD_THRESHOLD: env.STEADFAST_PAYLOAD_THRESHOLD,
  });
  if (!parsed.success) throw new InvalidConfigError('environment', zodIssueLines(parsed.error));
  const store = parsed.data.STEADFAST_PAYLOAD_STORE;
  if (store === 'off' || (store === undefined && !serverIsLocal)) return undefined;
  return {
    directory: path.resolve(cwd, store ?? DEFAULT_PAYLOAD_DIRECTORY),
    thresholdBytes: parsed.data.STEADFAST_PAYLOAD_THRESHOLD ?? DEFAULT_PAYLOAD_THRESHOLD,
  };
}

/** 127.x, localhost and ::1: a directory on this machine is shared by every process that reaches the server. */
export function isLoopbackAddress(address: string): boolean {
  const host = address
    .slice(0, address.lastIndexOf(':'))
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
