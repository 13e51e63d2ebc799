/**
 * Worker processes started from another process (the demo, tests that kill them): runs the compiled entry point,
 * resolves once it printed its ready line, and stops it gracefully or kills it at will.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { z } from 'zod';
import type { AgentPoolProcessConfigSchema, OrchestratorProcessConfigSchema } from '../config/worker-process-config';
import { parseReadyLine, type WorkerProcessReady } from './ready-line';

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface WorkerChildProcess {
  readonly ready: WorkerProcessReady;
  readonly pid: number;
  readonly child: ChildProcess;
  readonly exited: Promise<ChildExit>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM (graceful shutdown), then SIGKILL if it has not exited within the timeout. */
  stop(timeoutMs?: number): Promise<ChildExit>;
  /** Sends the signal (SIGKILL by default: a crash) and resolves once the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<ChildExit>;
}

type FlagValues<S extends z.ZodType> = { readonly [K in keyof z.input<S>]?: string | number };

export interface SpawnOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly readyTimeoutMs?: number;
}

export function startOrchestratorWorkerProcess(
  flags: FlagValues<typeof OrchestratorProcessConfigSchema>,
  options: SpawnOptions = {},
): Promise<WorkerChildProcess> {
  return startWorkerProcess('orchestrator-process', flags, options);
}

export function startAgentPoolProcess(
  flags: FlagValues<typeof AgentPoolProcessConfigSchema>,
  options: SpawnOptions = {},
): Promise<WorkerChildProcess> {
  return startWorkerProcess('agent-pool-process', flags, options);
}

/** The compiled entry point: next to this file in dist/, or in dist/ above the sources under a TypeScript loader. */
export function compiledWorkerEntry(name: string): string {
  const sibling = path.join(__dirname, `${name}.js`);
  if (fs.existsSync(sibling)) return sibling;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'dist', 'src', 'workers', `${name}.js`);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${name}.js is not built; run npx tsc -p tsconfig.build.json first`);
  }
}

function toArgs(flags: Readonly<Record<string, string | number | undefined>>): string[] {
  return Object.entries(flags).flatMap(([name, value]) =>
    value === undefined ? [] : [`--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`, String(value)],
  );
}

async function startWorkerProcess(
  entry: string,
  flags: Readonly<Record<string, string | number | undefined>>,
  options: SpawnOptions,
): Promise<WorkerChildProcess> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const child = spawn(process.execPath, [compiledWorkerEntry(entry), ...toArgs(flags)], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<ChildExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
  // Stdout keeps draining after the ready line, or a chatty process would block on a full pipe.
  const lines = readline.createInterface({ input: child.stdout! });

  const ready = await new Promise<WorkerProcessReady>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} printed no ready line within ${readyTimeoutMs}ms; stderr:\n${stderr}`));
    }, readyTimeoutMs);
    lines.on('line', (line) => {
      const parsed = parseReadyLine(line);
      if (!parsed) return;
      clearTimeout(timer);
      resolve(parsed);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (code ${code}, signal ${signal}) before it was ready; stderr:\n${stderr}`));
    });
  });

  const isRunning = () => child.exitCode === null && child.signalCode === null;
  return {
    ready,
    pid: child.pid!,
    child,
    exited,
    stderr: () => stderr,
    async kill(signal = 'SIGKILL') {
      if (isRunning()) child.kill(signal);
      return exited;
    },
    async stop(timeoutMs = 15_000) {
      if (!isRunning()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
