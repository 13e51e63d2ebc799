/**
 * How every `--json` prints: indented JSON whose times are ISO-8601 strings. Steadfast's own records keep times as
 * epoch milliseconds (`startedAt`, `endedAt`, `deadline` ...); they are converted here, user data is left as it is.
 */

/** Keys holding an agent's or a user's own data: never rewritten, whatever their fields are called. */
const USER_DATA_KEYS: ReadonlySet<string> = new Set(['output', 'results', 'input', 'details']);

export function isTimeKey(key: string): boolean {
  return key === 'deadline' || /[a-z]At$/.test(key);
}

/** A copy of `value` with every epoch-millisecond time of Steadfast's records as an ISO-8601 string. */
export function withIsoTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withIsoTimes);
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, field]) => {
      if (USER_DATA_KEYS.has(key)) return [key, field];
      if (isTimeKey(key) && typeof field === 'number' && Number.isFinite(field))
        return [key, new Date(field).toISOString()];
      return [key, withIsoTimes(field)];
    }),
  );
}

export function formatJson(value: unknown): string {
  return JSON.stringify(withIsoTimes(value), null, 2);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${formatJson(value)}\n`);
}
