/** Parsing at the edges: zod issues become one line per problem naming the field, e.g. `plan.steps[2].dependsOn: unknown step "x"`. */
import type { z } from 'zod';

export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

export function formatZodIssues(issues: readonly z.ZodError['issues'][number][], root = '(root)'): string[] {
  return issues.map((issue) => `${formatIssuePath(issue.path) || root}: ${issue.message}`);
}

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
  if (!result.success) throw new InvalidConfigError(subject, formatZodIssues(result.error.issues));
  return result.data;
}
