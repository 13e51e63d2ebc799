/** Zod schemas for CLI flag values (commander hands them over as strings) and the one-line error for a bad one. */
import { z } from 'zod';
import { UsageError } from './cli-error';
import { flagNaming, formatZodError } from '../config/format-zod-error';

/** A whole number in [min, max] given as a flag string; the message names the flag. */
export function integerFlag(flag: string, min: number, max: number) {
  const error = `${flag} must be an integer between ${min} and ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, { error })
    .transform(Number)
    .pipe(z.number().int().min(min, { error }).max(max, { error }));
}

export const portFlag = (flag = '--port') => integerFlag(flag, 0, 65535);

/** host:port of a server, e.g. 127.0.0.1:7233 or [::1]:7233. */
export function addressFlag(flag: string) {
  const error = `${flag} must be host:port, e.g. 127.0.0.1:7233`;
  return z
    .string()
    .trim()
    .regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, { error })
    .refine((address) => Number(address.slice(address.lastIndexOf(':') + 1)) <= 65535, { error });
}

/**
 * Parses flag values with `schema`; a failure becomes one UsageError line (exit code 2). `flagNames` maps a schema key to the flag
 * that sets it, for messages zod writes itself (custom messages already name their flag).
 */
export function parseFlags<S extends z.ZodType>(
  schema: S,
  values: unknown,
  flagNames: Record<string, string> = {},
): z.output<S> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  throw new UsageError(formatZodError(parsed.error, { field: flagNaming(flagNames) }));
}

/** Commander argParser for a repeatable flag: every occurrence is kept, in order. */
export function collectRepeated(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
