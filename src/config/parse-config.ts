/** Parsing at the edges: a failed parse throws InvalidConfigError with one line per problem naming the field. */
import type { z } from 'zod';
import { zodIssueLines } from './format-zod-error';

/** A configuration or input was rejected; `problems` has one `field: message` line per issue. */
export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
  readonly subject: string;
  readonly problems: readonly string[];

  constructor(subject: string, problems: readonly string[]) {
    super(`invalid ${subject}:\n  ${problems.join('\n  ')}`);
    this.subject = subject;
    this.problems = problems;
  }
}

/** Parses at a process or API edge; on failure throws an InvalidConfigError naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new InvalidConfigError(subject, zodIssueLines(result.error, { root: '(root)' }));
  return result.data;
}
