/** A value a test needs to go on, or a clear failure saying what was missing (instead of a `!` that fails later). */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, found ${String(value)}`);
  return value;
}
