// @ts-check
/**
 * Jest reporter: gives each run a log directory (test/support/test-log.ts writes one file per test file there) and,
 * for a failing test only, prints its part of that log under Jest's own failure report. Plain JavaScript: Jest loads
 * reporters without its transform.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Keep in step with TEST_MARKER and LOG_DIR_VARIABLE in test/support/test-log.ts. */
const TEST_MARKER = '──── test: ';
const LOG_DIR_VARIABLE = 'STEADFAST_TEST_LOG_DIR';
const LOGS_ROOT = path.join(os.tmpdir(), 'steadfast-test-logs');
const RUNS_KEPT = 10;
const LINES_SHOWN = 60;

function runName() {
  return `${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}-${process.pid}`;
}

/**
 * Older runs' logs go, so the directory does not grow without bound: beyond the newest RUNS_KEPT, a run's directory
 * is removed once a day old. Age matters, not only rank: Jest runs side by side (two checkouts, a developer's loop next
 * to a long run) would otherwise delete a run's directory while its tests still write there.
 */
function pruneOldRuns() {
  const runs = fs
    .readdirSync(LOGS_ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('process-'))
    .map((entry) => entry.name)
    .sort();
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of runs.slice(0, Math.max(0, runs.length - RUNS_KEPT))) {
    const dir = path.join(LOGS_ROOT, name);
    if (fs.statSync(dir).mtimeMs < dayAgo) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Splits a log file into the lines before the first test and each test's lines, by full test name. */
function sections(text) {
  const byTest = new Map();
  let current = [];
  const preamble = current;
  for (const line of text.split('\n')) {
    if (line.startsWith(TEST_MARKER)) {
      current = [];
      byTest.set(line.slice(TEST_MARKER.length), current);
    } else if (line !== '') {
      current.push(line);
    }
  }
  return { preamble, byTest };
}

function tail(lines, count) {
  if (lines.length <= count) return lines;
  return [`… ${lines.length - count} earlier lines in the file`, ...lines.slice(-count)];
}

class FailureLogReporter {
  /** @param {{ rootDir: string }} globalConfig */
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.failures = 0;
    // Set before Jest starts its workers, so they inherit it.
    if (!process.env[LOG_DIR_VARIABLE]) {
      fs.mkdirSync(LOGS_ROOT, { recursive: true });
      pruneOldRuns();
      process.env[LOG_DIR_VARIABLE] = path.join(LOGS_ROOT, runName());
    }
    this.logDir = process.env[LOG_DIR_VARIABLE];
    fs.mkdirSync(this.logDir, { recursive: true });
  }

  onTestResult(_test, result) {
    const failed = result.testResults.filter((test) => test.status === 'failed');
    if (failed.length === 0 && !result.testExecError) return;
    this.failures += 1;
    const file = path.join(this.logDir, `${path.relative(this.rootDir, result.testFilePath)}.log`);
    const out = [];
    if (!fs.existsSync(file)) {
      out.push(`  (no log lines for ${path.relative(this.rootDir, result.testFilePath)})`);
    } else {
      const { preamble, byTest } = sections(fs.readFileSync(file, 'utf8'));
      if (preamble.length > 0)
        out.push('  ── before the first test', ...tail(preamble, LINES_SHOWN).map((l) => `  ${l}`));
      for (const test of failed) {
        const lines = byTest.get(test.fullName) ?? [];
        out.push(`  ── ${test.fullName}`, ...tail(lines, LINES_SHOWN).map((l) => `  ${l}`));
        if (lines.length === 0) out.push('  (nothing logged)');
      }
      out.push(`  full log: ${file}`);
    }
    process.stderr.write(`\nLog of the failing tests in ${path.relative(this.rootDir, result.testFilePath)}:\n`);
    process.stderr.write(`${out.join('\n')}\n`);
  }

  onRunComplete() {
    process.stderr.write(`Logs of this run (SDK, servers, child processes): ${this.logDir}\n`);
  }
}

module.exports = FailureLogReporter;
