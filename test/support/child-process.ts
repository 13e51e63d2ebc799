/** Real child processes for chaos tests: started from compiled entry points in dist/, awaited by their ready line, killed at will. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkerProcessOptions, WorkerProcessReady } from './worker-process';
import type { ServerProcessReady } from './server-process';
import { logChildStderr } from './test-log';

const DIST = path.resolve(__dirname, '../../dist');

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ReadyChild<Ready> {
  process: ChildProcess;
  pid: number;
  /** The JSON object the child printed as its first stdout line. */
  ready: Ready;
  exited: Promise<ChildExit>;
  /** What the child wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Sends the signal and resolves once the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<ChildExit>;
}

const running = new Set<ReadyChild<unknown>>();

/** Path of a compiled entry point; `npm test` builds dist/ first, during development run `npx tsc -p tsconfig.build.json`. */
export function distEntry(relativeToDist: string): string {
  const file = path.join(DIST, relativeToDist);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build first with npx tsc -p tsconfig.build.json`);
  return file;
}

/**
 * Runs `node entry ...args` and resolves once the child prints a JSON line on stdout. Rejects if the child
 * exits first or stays silent for timeoutMs (a worker process bundles its workflows first: tens of seconds under load).
 */
export function spawnReady<Ready>(entry: string, args: string[], timeoutMs = 90_000): Promise<ReadyChild<Ready>> {
  const child = spawn(process.execPath, [entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  logChildStderr(path.basename(entry, '.js'), child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
  const exited = new Promise<ChildExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  return new Promise<ReadyChild<Ready>>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(entry)} printed no ready line within ${timeoutMs}ms; stderr:\n${stderr}`));
    }, timeoutMs);
    const onData = (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      let ready: Ready;
      try {
        ready = JSON.parse(stdout.slice(0, newline)) as Ready;
      } catch {
        child.kill('SIGKILL');
        reject(new Error(`${path.basename(entry)} printed a ready line that is not JSON: ${stdout.slice(0, newline)}`));
        return;
      }
      const handle: ReadyChild<Ready> = {
        process: child,
        pid: child.pid!,
        ready,
        exited,
        stderr: () => stderr,
        async kill(signal = 'SIGKILL') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      };
      running.add(handle);
      void exited.then(() => running.delete(handle));
      resolve(handle);
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${path.basename(entry)} exited (code ${code}, signal ${signal}) before it was ready; stderr:\n${stderr}`,
        ),
      );
    });
  });
}

/** Kills every child still running; call in afterAll. */
export async function killChildren(): Promise<void> {
  await Promise.all([...running].map((child) => child.kill('SIGKILL')));
}

/** A worker process running the fixture workflows and activities (see worker-process.ts). */
export function spawnWorkerProcess(options: WorkerProcessOptions): Promise<ReadyChild<WorkerProcessReady>> {
  return spawnReady<WorkerProcessReady>(distEntry('test/support/worker-process.js'), [JSON.stringify(options)]);
}

/** The embedded server in a process of its own, on a database file (see server-process.ts). */
export function spawnServerProcess(db: string, port: number): Promise<ReadyChild<ServerProcessReady>> {
  return spawnReady<ServerProcessReady>(distEntry('test/support/server-process.js'), [db, String(port)]);
}
