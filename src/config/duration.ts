/** Durations in configuration: milliseconds as a number, or text such as "250ms", "30s", "5m", "1h", "1.5s". */
import { z } from 'zod';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_TEXT = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
const EXPECTED = 'expected a duration: milliseconds, or text like "500ms", "30s", "5m", "1h"';

/** Milliseconds, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_TEXT.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[match[2]!]!);
}

export const DurationSchema = z.union([z.number(), z.string()], { error: EXPECTED }).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : parseDuration(value);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0 || !Number.isInteger(ms)) {
    ctx.addIssue({ code: 'custom', message: `${EXPECTED}, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});

export type DurationInput = z.input<typeof DurationSchema>;

/** A duration that must be at least `minMs`. */
export function durationAtLeast(minMs: number) {
  return DurationSchema.refine((ms) => ms >= minMs, { message: `must be at least ${minMs}ms` });
}
