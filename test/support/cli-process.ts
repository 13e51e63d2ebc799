/** Runs the built `steadfast` CLI (bin/steadfast.js, needs `npm run build`) as a child and follows its output lines. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { logChildStderr } from './test-log';

export const STEADFAST_BIN = path.resolve(__dirname, '../../bin/steadfast.js');

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

type Stream = 'stdout' | 'stderr';

export class CliProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  private exit: CliExit | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly args: string[],
    readonly child: ChildProcess,
  ) {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => this.add(this.stdout, line));
    readline.createInterface({ input: child.stderr! }).on('line', (line) => this.add(this.stderr, line));
    // 'close' comes after both pipes have ended, so every line has been seen by then.
    child.once('close', (code, signal) => {
      this.exit = { code, signal };
      this.changed();
    });
  }

  /** Resolves with the first line of `stream` matching `pattern`; rejects on exit or after `timeoutMs`. */
  waitForLine(
    pattern: RegExp,
    { stream = 'stdout', timeoutMs = 30_000 }: { stream?: Stream; timeoutMs?: number } = {},
  ) {
    return this.waitFor(`a ${stream} line matching ${pattern}`, timeoutMs, () => {
      for (const line of this[stream]) {
        const match = pattern.exec(line);
        if (match) return match;
      }
      if (this.exit)
        throw this.failure(`exited (${describeExit(this.exit)}) before printing a line matching ${pattern}`);
      return undefined;
    });
  }

  waitForExit(timeoutMs = 30_000): Promise<CliExit> {
    return this.waitFor('the process to exit', timeoutMs, () => this.exit);
  }

  /** Everything printed so far, for failure messages. */
  transcript(): string {
    return [
      `$ steadfast ${this.args.join(' ')}`,
      ...this.stdout,
      ...this.stderr.map((line) => `[stderr] ${line}`),
    ].join('\n');
  }

  private waitFor<T>(what: string, timeoutMs: number, check: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        try {
          const value = check();
          if (value === undefined) return;
          done();
          resolve(value);
        } catch (err) {
          done();
          reject(err);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(this.failure(`did not show ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(settle);
      };
      this.listeners.add(settle);
      settle();
    });
  }

  private add(lines: string[], line: string): void {
    lines.push(line);
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private failure(message: string): Error {
    return new Error(`steadfast ${this.args.join(' ')} ${message}\n${this.transcript()}`);
  }
}

function describeExit(exit: CliExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

const running = new Set<ChildProcess>();

export interface CliSpawnOptions {
  /** A temp dir, so nothing is written into the repository. */
  readonly cwd: string;
  /** The child's whole environment (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Written to the CLI's stdin, which is then closed; without it stdin is empty. */
  readonly stdin?: string;
  /** Another command ending in the steadfast bin, e.g. an installed copy's `npx steadfast`. */
  readonly command?: readonly string[];
}

/** Starts `node bin/steadfast.js ...args` in `cwd`. */
export function spawnCli(args: string[], options: CliSpawnOptions): CliProcess {
  const [program, ...leading] = options.command ?? [process.execPath, STEADFAST_BIN];
  const child = spawn(program!, [...leading, ...args], {
    cwd: options.cwd,
    env: { ...(options.env ?? process.env), STEADFAST_DEBUG: '' },
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  logChildStderr(`steadfast ${args[0] ?? ''}`, child);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new CliProcess(args, child);
}

/** Runs the CLI to completion. */
export async function runCli(args: string[], options: CliSpawnOptions & { readonly timeoutMs?: number }) {
  const cli = spawnCli(args, options);
  const exit = await cli.waitForExit(options.timeoutMs);
  return { ...exit, stdout: cli.stdout, stderr: cli.stderr, transcript: cli.transcript() };
}

/** Kills what a failed test left running; call from afterEach. */
export function killRunningClis(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-cli-'));
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
