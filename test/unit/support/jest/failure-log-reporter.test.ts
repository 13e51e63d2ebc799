/** The failure-log reporter prints a failing test's part of its file's log, and nothing for passing tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOG_DIR_VARIABLE, TEST_MARKER } from '../../../support/test-log';

interface AssertionLike {
  readonly fullName: string;
  readonly status: 'passed' | 'failed';
}
interface ReporterLike {
  onTestResult(
    test: unknown,
    result: { testFilePath: string; testResults: AssertionLike[]; testExecError?: unknown },
  ): void;
}
const FailureLogReporter = jest.requireActual<new (config: { rootDir: string }) => ReporterLike>(
  '../../../support/jest/failure-log-reporter.js',
);

let root: string;
let printed: string;
const savedLogDir = process.env[LOG_DIR_VARIABLE];

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-reporter-'));
  process.env[LOG_DIR_VARIABLE] = path.join(root, 'logs');
  printed = '';
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
  if (savedLogDir === undefined) delete process.env[LOG_DIR_VARIABLE];
  else process.env[LOG_DIR_VARIABLE] = savedLogDir;
  fs.rmSync(root, { recursive: true, force: true });
});

function writeLog(testFile: string, lines: string[]): void {
  const file = path.join(root, 'logs', `${testFile}.log`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

test("a failing test's log lines are printed with the setup lines before it; a passing test's are not", () => {
  writeLog('test/a.test.ts', [
    '10:00:00.000 [server] listening',
    `${TEST_MARKER}passes`,
    '10:00:00.100 [sdk] WARN expected failure, caused on purpose',
    `${TEST_MARKER}fails`,
    '10:00:00.200 [sdk] ERROR the real problem',
  ]);
  const reporter = new FailureLogReporter({ rootDir: root });
  reporter.onTestResult(undefined, {
    testFilePath: path.join(root, 'test/a.test.ts'),
    testResults: [
      { fullName: 'passes', status: 'passed' },
      { fullName: 'fails', status: 'failed' },
    ],
  });
  expect(printed).toContain('[server] listening');
  expect(printed).toContain('── fails');
  expect(printed).toContain('[sdk] ERROR the real problem');
  expect(printed).not.toContain('caused on purpose');
  expect(printed).toContain(path.join(root, 'logs', 'test/a.test.ts.log'));
});

test('a file whose tests all pass prints nothing', () => {
  writeLog('test/b.test.ts', [`${TEST_MARKER}passes`, '10:00:00.100 [sdk] WARN noise']);
  new FailureLogReporter({ rootDir: root }).onTestResult(undefined, {
    testFilePath: path.join(root, 'test/b.test.ts'),
    testResults: [{ fullName: 'passes', status: 'passed' }],
  });
  expect(printed).toBe('');
});

test('a long section is cut to its last lines, saying how many were left out', () => {
  const lines = Array.from({ length: 100 }, (_, i) => `10:00:00.000 [sdk] line ${i}`);
  writeLog('test/c.test.ts', [`${TEST_MARKER}fails`, ...lines]);
  new FailureLogReporter({ rootDir: root }).onTestResult(undefined, {
    testFilePath: path.join(root, 'test/c.test.ts'),
    testResults: [{ fullName: 'fails', status: 'failed' }],
  });
  expect(printed).toContain('… 40 earlier lines in the file');
  expect(printed).not.toContain('line 39\n');
  expect(printed).toContain('line 40\n');
  expect(printed).toContain('line 99\n');
});
