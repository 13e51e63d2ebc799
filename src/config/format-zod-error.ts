/** One line per problem, each naming the field: what a user needs from a failed zod parse. */
import type { ZodError } from 'zod';

export function formatZodError(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}
