/**
 * The one way a failed zod parse becomes words: a line per problem naming the field, e.g.
 * `plan.steps[2].dependsOn: unknown step "x"`, `--port: ...` or `TEMPORAL_ADDRESS: ... (got "x")`.
 */
import type { z } from 'zod';

type Issue = z.ZodError['issues'][number];

/** The name a problem is reported under, from the path of its issue; undefined for the input as a whole. */
export type FieldNaming = (path: readonly PropertyKey[]) => string | undefined;

export interface ZodErrorFormat {
  /** Default: the path as code writes it, `plan.steps[2].dependsOn`. */
  readonly field?: FieldNaming;
  /** The name of a problem with the whole input; without it such a problem is its message alone. */
  readonly root?: string;
  /** When set, each unrecognized key is its own line, `field: unknownKey`, instead of zod's one line for all. */
  readonly unknownKey?: string;
  /** The value given for a field, shown as `(got ...)` unless the message shows it already; undefined to hide it. */
  readonly given?: (field: string) => unknown;
}

/** `plan.steps[2].dependsOn`; undefined for an empty path. */
export const fieldPath: FieldNaming = (path) => {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text || undefined;
};

/** The command-line flag that sets the top-level key: `names[key]`, else `--kebab-case-key`. */
export function flagNaming(names: Readonly<Record<string, string>> = {}): FieldNaming {
  return (path) => {
    const key = path[0];
    if (typeof key !== 'string') return undefined;
    return names[key] ?? `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
  };
}

/** Each problem once, as `field: message`; a message that begins with its field's name is kept as it is. */
export function zodIssueLines(error: z.ZodError, format: ZodErrorFormat = {}): string[] {
  const lines = error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys' && format.unknownKey !== undefined) {
      const message = format.unknownKey;
      return issue.keys.map((key) => issueLine([...issue.path, key], message, format));
    }
    return [issueLine(issue.path, issue.message, format)];
  });
  return [...new Set(lines)];
}

/** The lines of zodIssueLines on one line, separated by `; `. */
export function formatZodError(error: z.ZodError, format: ZodErrorFormat = { root: '(root)' }): string {
  return zodIssueLines(error, format).join('; ');
}

function issueLine(path: Issue['path'], message: string, format: ZodErrorFormat): string {
  const field = (format.field ?? fieldPath)(path) ?? format.root;
  if (field === undefined || namesField(message, field)) return message;
  return `${field}: ${message}${givenValue(field, message, format)}`;
}

/** `--port must be ...` names `--port` already; `portal ...` does not. */
function namesField(message: string, field: string): boolean {
  return message.startsWith(field) && !/[\w-]/.test(message.charAt(field.length));
}

function givenValue(field: string, message: string, format: ZodErrorFormat): string {
  if (!format.given || message.includes('got ')) return '';
  const value = format.given(field);
  return value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
}
