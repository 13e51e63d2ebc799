/** The one formatter of zod errors: how fields are named, and what each kind of caller gets. */
import { z } from 'zod';
import { fieldPath, flagNaming, formatZodError, zodIssueLines } from '../../../src/config/format-zod-error';

function errorOf(schema: z.ZodType, input: unknown): z.ZodError {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return result.error;
}

test('paths are written as code reads them', () => {
  expect(fieldPath(['plan', 'steps', 2, 'dependsOn'])).toBe('plan.steps[2].dependsOn');
  expect(fieldPath(['headers', 'x-api-key'])).toBe('headers["x-api-key"]');
  expect(fieldPath([])).toBeUndefined();
});

test('one line per problem naming its field; a problem with the whole input is named by root, or stands alone', () => {
  const schema = z.strictObject({ plan: z.object({ steps: z.array(z.string()) }) });
  const error = errorOf(schema, { plan: { steps: ['a', 7] }, extra: true });
  expect(zodIssueLines(error, { root: '(root)' })).toEqual([
    'plan.steps[1]: Invalid input: expected string, received number',
    '(root): Unrecognized key: "extra"',
  ]);
  expect(zodIssueLines(errorOf(z.string(), 3))).toEqual(['Invalid input: expected string, received number']);
  expect(formatZodError(error)).toBe(
    'plan.steps[1]: Invalid input: expected string, received number; (root): Unrecognized key: "extra"',
  );
});

test('flags are named by their option, and a message that names its flag already is not prefixed again', () => {
  const schema = z.object({
    connectTimeout: z.number({ error: 'expected a number' }),
    port: z.number({ error: '--port must be a number' }),
    namespaces: z.array(z.string()),
  });
  const error = errorOf(schema, { connectTimeout: 'x', port: 'x', namespaces: [1] });
  expect(zodIssueLines(error, { field: flagNaming({ namespaces: '--namespace' }) })).toEqual([
    '--connect-timeout: expected a number',
    '--port must be a number',
    '--namespace: Invalid input: expected string, received number',
  ]);
});

test('unknown keys can be one line each, and each problem is listed once', () => {
  const refused = z.string().refine(() => false, 'refused');
  const schema = z.strictObject({ a: refused.refine(() => false, 'refused') });
  const error = errorOf(schema, { a: 'xyz', taskQueue: 1, other: 2 });
  expect(error.issues.filter((issue) => issue.message === 'refused')).toHaveLength(2);
  expect(zodIssueLines(error, { field: flagNaming(), root: '(command line)', unknownKey: 'unknown flag' })).toEqual([
    '--a: refused',
    '--task-queue: unknown flag',
    '--other: unknown flag',
  ]);
});

test('the value given is shown unless hidden or already in the message', () => {
  const schema = z.object({
    PORT: z.string().regex(/^\d+$/, 'expected digits'),
    SECRET: z.string().min(10, 'too short'),
    MODE: z.string().refine(() => false, 'got "x", expected "y"'),
  });
  const input: Record<string, string> = { PORT: 'abc', SECRET: 'hush', MODE: 'x' };
  const error = errorOf(schema, input);
  const lines = zodIssueLines(error, {
    field: (path) => (path[0] === undefined ? undefined : String(path[0])),
    given: (name) => (name === 'SECRET' ? undefined : input[name]),
  });
  expect(lines).toEqual(['PORT: expected digits (got "abc")', 'SECRET: too short', 'MODE: got "x", expected "y"']);
});
