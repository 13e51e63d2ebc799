/**
 * The README's quick start as a new user walks it: a fresh `git clone` of this repository (its committed HEAD, or
 * the repository named by STEADFAST_QUICK_START_REPO), then every command of docs/quick-start-commands.json in the
 * clone, in order; a command that exits non-zero fails the test with its output.
 * `npm ci` is the one command not run as written: it takes minutes here, so the clone gets this checkout's installed
 * node_modules (a symlink) and `npm run build`, which is what `npm ci` runs for this package (its prepare script).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readQuickStart, type QuickStartStep } from '../support/quick-start-commands';
import { logChildStderr } from '../support/test-log';

const ROOT = path.resolve(__dirname, '../..');
const SOURCE = process.env.STEADFAST_QUICK_START_REPO ?? ROOT;
const run = promisify(execFile);

let workspace: string;
let clone: string;
const background: ChildProcess[] = [];

beforeAll(async () => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-quick-start-'));
  clone = path.join(workspace, 'steadfast');
  await run('git', ['clone', '--quiet', SOURCE, clone]);
}, 120_000);

afterAll(async () => {
  await Promise.all(background.map((child) => stop(child)));
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
});

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

/** Runs a documented command as a shell would, in the clone, without the test runner's npm and CI context. */
function shell(command: string): ChildProcess {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') && name !== 'INIT_CWD'),
  );
  const child = spawn('bash', ['-c', command], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  logChildStderr(command, child);
  return child;
}

function collect(child: ChildProcess, onOutput?: (output: string) => void): { output: () => string } {
  let output = '';
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      onOutput?.(output);
    });
  }
  return { output: () => output };
}

function runToEnd(command: string, timeoutSeconds: number): Promise<Outcome> {
  const child = shell(command);
  const { output } = collect(child);
  return new Promise((resolve) => {
    const timer = setTimeout(() => void stop(child), timeoutSeconds * 1000);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output: output() });
    });
  });
}

function startInBackground(step: QuickStartStep): Promise<void> {
  const child = shell(step.run);
  background.push(child);
  const ready = new RegExp(step.readyPattern!, 'm');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(`\`${step.run}\` printed nothing matching /${step.readyPattern}/ within ${step.timeoutSeconds}s`),
        ),
      step.timeoutSeconds * 1000,
    );
    const { output } = collect(child, (text) => {
      if (!ready.test(text)) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`\`${step.run}\` exited (code ${code}) before it was ready:\n${output()}`));
    });
  });
}

/** The whole process group: `bash -c` and `npx` start children of their own. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((resolve) => child.once('close', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 15_000);
  await closed;
  clearTimeout(timer);
}

test('every documented quick-start command works in a fresh clone', async () => {
  let quickStart: ReturnType<typeof readQuickStart>;
  try {
    quickStart = readQuickStart(clone);
  } catch (error) {
    throw new Error(
      `${(error as Error).message}\n(the walk clones ${SOURCE} at its committed HEAD: uncommitted changes are not in it)`,
      { cause: error },
    );
  }
  expect(quickStart.install).toBe('npm ci');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
  const failures: string[] = [];
  const build = await runToEnd('npm run build', 300);
  if (build.code !== 0) failures.push(`npm run build (standing in for npm ci) exited ${build.code}:\n${build.output}`);

  for (const step of failures.length === 0 ? quickStart.steps : []) {
    if (step.background) {
      await startInBackground(step);
      continue;
    }
    const outcome = await runToEnd(step.run, step.timeoutSeconds);
    if (outcome.code !== 0) {
      failures.push(
        `\`${step.run}\` ${outcome.signal ? `was stopped (${outcome.signal})` : `exited ${outcome.code}`}:\n${outcome.output}`,
      );
    }
  }
  expect(failures).toEqual([]);
}, 900_000);
