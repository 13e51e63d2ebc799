/** Bad requests, bad flags and unreachable servers: each orchestration command fails with one `steadfast: ...` line. */
import fs from 'node:fs';
import path from 'node:path';
import { killRunningClis, makeTempDir, removeTempDir, runCli } from '../../support/cli-process';
import { freePort } from '../../support/free-port';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

let cwd: string;
let unreachable: string;
beforeAll(async () => {
  cwd = makeTempDir();
  unreachable = `127.0.0.1:${await freePort()}`;
});
afterEach(killRunningClis);
afterAll(() => removeTempDir(cwd));

/** Exit code 2 for a usage error (bad flag, bad request, bad agents module), 1 for a failure while running. */
async function oneErrorLine(args: string[], code: 1 | 2 = 2): Promise<string> {
  const result = await runCli(args, { cwd });
  expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
    code,
    stdout: [],
    stderr: [expect.stringMatching(/^steadfast: \S/)],
  });
  return result.stderr[0]!;
}

test('a request with bad fields is refused before connecting, naming each field', async () => {
  const file = path.join(cwd, 'bad-request.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      goal: 'g',
      plan: {
        steps: [
          { id: 'a', agent: '9lives' },
          { id: 'b', agent: 'writer', dependsOn: ['nope'] },
        ],
      },
    }),
  );
  expect(await oneErrorLine(['run', file, '--address', unreachable])).toBe(
    `steadfast: ${file}: invalid orchestration request: ` +
      'plan.steps[0].agent: expected an agent name: a letter, then letters, digits, "_", "." or "-" (at most 100); ' +
      'plan.steps[1].dependsOn: unknown step "nope"',
  );
});

test('a request file that is missing or not JSON is refused with one line', async () => {
  const broken = path.join(cwd, 'broken.json');
  fs.writeFileSync(broken, '{ "goal": ');
  expect(await oneErrorLine(['run', broken])).toMatch(new RegExp(`^steadfast: ${broken} is not valid JSON: `));
  const missing = path.join(cwd, 'missing.json');
  expect(await oneErrorLine(['run', missing])).toBe(`steadfast: cannot read request file ${missing}: no such file`);
});

test.each([
  [['run', path.join(EXAMPLES, 'brief-request.json'), '--id', 'has spaces'], /^steadfast: --id: expected an id: /],
  [
    ['list', '--status', 'sleeping'],
    /^steadfast: --status must be one of running, awaiting_approval, paused, completed, failed, cancelled, terminated, timed_out$/,
  ],
  [['list', '--limit', '0'], /^steadfast: --limit must be an integer between 1 and 100000$/],
  [['status', 'not an id!'], /^steadfast: <id>: expected an id: /],
  [['agents', '--address', 'localhost'], /^steadfast: --address must be host:port, e.g. 127\.0\.0\.1:7233$/],
  [
    ['worker', 'agents', '--module', path.join(EXAMPLES, 'agents.js'), '--concurrency', '0'],
    /^steadfast: invalid command line: --concurrency: /,
  ],
  [
    ['worker', 'agents'],
    /^steadfast: invalid command line: --module: expected the path of a module that exports agent definitions/,
  ],
  [
    ['worker', 'agents', '--module', 'no-such-agents.js'],
    /^steadfast: invalid agents module: module: cannot load \S+no-such-agents\.js: /,
  ],
  [
    ['worker', 'agents', '--module', path.join(EXAMPLES, 'agents.js'), '--agents', 'nobody'],
    /^steadfast: invalid agent pool: only\[0\]: no agent "nobody" is defined \(known: editor, planner, researcher, reviewer, writer\)$/,
  ],
  [['worker', 'orchestrator', '--connect-timeout', 'soon'], /^steadfast: --connect-timeout: expected a duration/],
  [['approve', 'some-id'], /^steadfast: missing required argument 'step'$/],
  [['reject', 'some-id', 'sign-off', '--comment', ' '], /^steadfast: --comment must not be empty$/],
  [['terminate', 'some-id'], /^steadfast: required option '--reason <text>' not specified$/],
  [['pause', 'not an id!'], /^steadfast: <id>: expected an id: /],
  [['history', 'some-id', '--jsn'], /^steadfast: unknown option '--jsn'/],
  [['run', '-'], /^steadfast: no request on stdin; pipe one in, e\.g\. `steadfast run - < request\.json`$/],
  [['frobnicate'], /^steadfast: unknown command 'frobnicate'$/],
])('%j is a usage error: one line, exit code 2', async (args, expected) => {
  expect(await oneErrorLine(args)).toMatch(expected);
});

test.each([
  ['run', path.join(EXAMPLES, 'brief-request.json')],
  ['status', 'some-id'],
  ['list'],
  ['agents'],
  ['worker', 'orchestrator'],
  ['worker', 'agents', '--module', path.join(EXAMPLES, 'agents.js')],
  ['approve', 'some-id', 'sign-off'],
  ['pause', 'some-id'],
  ['terminate', 'some-id', '--reason', 'stuck'],
  ['result', 'some-id'],
  ['history', 'some-id'],
  ['watch', 'some-id'],
])('%s with no server listening fails with one line naming the address', async (...args) => {
  expect(await oneErrorLine([...args, '--address', unreachable], 1)).toBe(
    `steadfast: cannot reach a Temporal server at ${unreachable}: Connection refused`,
  );
});
