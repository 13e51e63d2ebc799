/**
 * Where tests' logs go instead of the terminal: the SDK's (runtime, workers, activities), the embedded server's and
 * child processes' stderr, one file per test file under the run's log directory. The failure-log reporter
 * (test/support/jest/failure-log-reporter.js) prints the part of a file that belongs to a failing test.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Starts a test's section of the log file; the reporter finds a failing test's lines by it. Keep in step with
 * TEST_MARKER in failure-log-reporter.js.
 */
export const TEST_MARKER = '──── test: ';

/** Set by the reporter for a Jest run; a process of its own otherwise (a test run in band, without the reporter). */
export const LOG_DIR_VARIABLE = 'STEADFAST_TEST_LOG_DIR';

function logDir(): string {
  let dir = process.env[LOG_DIR_VARIABLE];
  if (!dir) {
    dir = path.join(os.tmpdir(), 'steadfast-test-logs', `process-${process.pid}`);
    process.env[LOG_DIR_VARIABLE] = dir;
  }
  return dir;
}

/** The Jest test file running in this process, if any (Jest's `expect` knows it; test/support is also built for dist/). */
function currentTestPath(): string | undefined {
  const jestExpect = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect;
  return jestExpect?.getState().testPath;
}

/** The log file of a test file: its path under the repository, below the run's log directory. */
export function testLogFile(testPath: string): string {
  return path.join(logDir(), `${path.relative(ROOT, testPath)}.log`);
}

export type TestLogWriter = (text: string) => void;

/**
 * A writer of lines to the log of the test file running now (kept for lines that arrive after it ended), each with
 * the time and where it came from. Outside Jest (a benchmark using test/support) nothing is written.
 */
export function testLogWriter(source: string): TestLogWriter {
  const testPath = currentTestPath();
  if (!testPath) return () => undefined;
  const file = testLogFile(testPath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return (text) => {
    const time = new Date().toISOString().slice(11, 23);
    const lines = text.replace(/\n+$/, '').split('\n');
    const entry = lines.map((line) => `${time} [${source}] ${line}\n`).join('');
    // Synchronous, so lines keep their order and survive a test that ends the process. A log must never fail a test:
    // if the run's directory went (removed by hand, or by an older reporter's pruning), it is made again.
    try {
      fs.appendFileSync(file, entry);
    } catch {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.appendFileSync(file, entry);
    }
  };
}

/** Marks where a test begins in its file's log. */
export function markTestStart(testName: string): void {
  const testPath = currentTestPath();
  if (!testPath) return;
  const file = testLogFile(testPath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${TEST_MARKER}${testName}\n`);
}

function formatMeta(meta: LogMetadata | undefined): string {
  if (!meta || Object.keys(meta).length === 0) return '';
  try {
    return ` ${JSON.stringify(meta, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))}`;
  } catch {
    return ' [metadata not serialisable]';
  }
}

const LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * A Temporal SDK logger writing to the test log. INFO by default: worker state changes, warnings and errors, without
 * the per-task lines of DEBUG and TRACE that slow a busy test down.
 */
export function testLogger(source: string, minimum: LogLevel = 'INFO'): Logger {
  const write = testLogWriter(source);
  const shown = new Set(LEVELS.slice(LEVELS.indexOf(minimum)));
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    if (shown.has(level)) write(`${level} ${message}${formatMeta(meta)}`);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

/**
 * Copies a child process's stderr into the test log, line by line, under `name`. `earlier` is what the child wrote
 * before this was attached (e.g. before its ready line), so nothing is missed.
 */
export function logChildStderr(name: string, child: ChildProcess, earlier = ''): void {
  if (!currentTestPath() || !child.stderr) return;
  const write = testLogWriter(`${name} ${child.pid}`);
  if (earlier) write(earlier);
  readline.createInterface({ input: child.stderr }).on('line', write);
}

/** A started worker or server process, its stderr copied into the test log from now on (and what it wrote before). */
export function logged<Started extends { readonly child: ChildProcess; stderr?(): string }>(
  name: string,
  started: Started,
): Started {
  logChildStderr(name, started.child, started.stderr?.() ?? '');
  return started;
}
