/** The CLI's help, and the single stderr line it prints for bad flags, bad databases and unreachable servers. */
import fs from 'node:fs';
import path from 'node:path';
import { killRunningClis, makeTempDir, removeTempDir, runCli } from '../../support/cli-process';
import { freePort } from '../../support/free-port';
import { present } from '../../support/present';

let cwd: string;
beforeAll(() => {
  cwd = makeTempDir();
});
afterEach(killRunningClis);
afterAll(() => removeTempDir(cwd));

/**
 * The failure is exactly one `steadfast: ...` line on stderr, with no stack trace, and the documented exit code:
 * 2 for a usage error (bad flag, unknown option), 1 for anything that failed while running.
 */
function expectOneErrorLine(
  result: { code: number | null; stderr: string[]; transcript: string },
  code: 1 | 2,
): string {
  expect({ code: result.code, stderr: result.stderr }).toEqual({
    code,
    stderr: [expect.stringMatching(/^steadfast: \S/)],
  });
  return present(result.stderr[0], 'one line on stderr');
}

test('steadfast --help lists the subcommands', async () => {
  const result = await runCli(['--help'], { cwd });
  expect(result.code).toBe(0);
  const help = result.stdout.join('\n');
  expect(help).toMatch(/Usage: steadfast/);
  for (const command of ['server', 'demo', 'worker', 'run', 'status', 'list', 'agents']) {
    expect(help).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  }
});

test.each([
  [
    ['worker', 'orchestrator'],
    ['--address <host:port>', '--namespace <name>', '--module <path>', '--task-queue <name>'],
  ],
  [
    ['worker', 'agents'],
    ['--module <path>', '--agents <names>', '--concurrency <n>', '--address <host:port>'],
  ],
  [['run'], ['<request-file>', '--wait', '--id <id>', '--address <host:port>']],
  [['status'], ['<id>', '--json', '--address <host:port>']],
  [['list'], ['--status <phase>', '--limit <n>', '--json']],
  [['agents'], ['--registry <id>', '--json']],
  [['demo'], ['--address <host:port>', '--db <path>', '--orchestrations <n>']],
])('%j --help describes its flags', async (command, flags) => {
  const result = await runCli([...command, '--help'], { cwd });
  expect(result.code).toBe(0);
  const help = result.stdout.join('\n');
  expect(help).toContain(`Usage: steadfast ${command.join(' ')}`);
  for (const flag of flags) expect(help).toContain(flag);
});

test('server --help prints usage with every flag', async () => {
  const result = await runCli(['server', '--help'], { cwd });
  expect(result.code).toBe(0);
  const help = result.stdout.join('\n');
  expect(help).toMatch(/Usage: steadfast server/);
  for (const flag of [
    '--port <port>',
    '--host <host>',
    '--db <path>',
    '--namespace <name>',
    '--search-attribute <Name=Type>',
    '--log-rpcs',
  ]) {
    expect(help).toContain(flag);
  }
  expect(help).toContain('default: 7233');
});

test.each([['abc'], ['70000'], ['-1'], ['1.5']])('server --port %s is refused with one clear line', async (port) => {
  const result = await runCli(['server', '--port', port, '--db', ':memory:'], { cwd });
  expect(expectOneErrorLine(result, 2)).toBe('steadfast: --port must be an integer between 0 and 65535');
  expect(result.stdout).toEqual([]);
});

test('server --db on a plain text file fails with one line naming the file', async () => {
  const notADatabase = path.join(cwd, 'notes.txt');
  fs.writeFileSync(notADatabase, 'these are notes, not a database\n'.repeat(20));
  const result = await runCli(['server', '--port', '0', '--db', notADatabase], { cwd });
  expect(expectOneErrorLine(result, 1)).toContain(notADatabase);
  expect(fs.readFileSync(notADatabase, 'utf8')).toBe('these are notes, not a database\n'.repeat(20));
});

test.each([
  [
    'CustomerId=Strng',
    'steadfast: --search-attribute "CustomerId=Strng": unknown type "Strng"; expected one of Keyword, Text, Int, Double, Bool, Datetime, KeywordList',
  ],
  [
    'CustomerId',
    'steadfast: --search-attribute "CustomerId": expected Name=Type, e.g. --search-attribute CustomerId=Keyword',
  ],
  [
    '9lives=Int',
    'steadfast: --search-attribute "9lives=Int": the name must be letters, digits and underscores, not starting with a digit',
  ],
])('server --search-attribute %s is refused with one clear line', async (value, expected) => {
  const result = await runCli(['server', '--port', '0', '--db', ':memory:', '--search-attribute', value], { cwd });
  expect(expectOneErrorLine(result, 2)).toBe(expected);
  expect(result.stdout).toEqual([]);
});

test('an unknown flag is refused with one line, exit code 2', async () => {
  const result = await runCli(['server', '--prot', '7233'], { cwd });
  expect(expectOneErrorLine(result, 2)).toMatch(/unknown option '--prot'/);
});

test('demo --address with nothing listening fails with one line naming the address', async () => {
  const address = `127.0.0.1:${await freePort()}`;
  const result = await runCli(['demo', '--address', address], { cwd });
  expect(expectOneErrorLine(result, 1)).toMatch(
    new RegExp(`^steadfast: cannot reach a Temporal server at ${address}: `),
  );
});

test('demo --address that is not host:port is refused', async () => {
  const result = await runCli(['demo', '--address', 'localhost'], { cwd });
  expect(expectOneErrorLine(result, 2)).toBe('steadfast: --address must be host:port, e.g. 127.0.0.1:7233');
});
