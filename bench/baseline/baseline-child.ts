/** Starts the in-memory baseline process and follows its output: orchestrations finished so far, then its summary. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { benchAgentEnvironment, type BenchAgentSettings } from '../agents/bench-agent-settings';
import { repositoryRoot } from '../support/bench-paths';
import type { BaselineLine, BaselineRunSpec } from './baseline-process';

export interface BaselineChild {
  readonly pid: number;
  /** Orchestration ids whose result the process has reported. */
  readonly completed: readonly string[];
  /** Resolves with the summary; rejects if the process ends without one (killed, crashed). */
  readonly summary: Promise<Extract<BaselineLine, { type: 'summary' }>>;
  /** kill -9. */
  kill(): Promise<void>;
}

export function startBaselineChild(spec: BaselineRunSpec, agents: Partial<BenchAgentSettings>): BaselineChild {
  const entry = path.join(repositoryRoot(), 'dist', 'bench', 'baseline', 'baseline-process.js');
  const child = spawn(process.execPath, [entry, JSON.stringify(spec)], {
    env: { ...process.env, ...benchAgentEnvironment(agents) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const completed: string[] = [];
  const summary = new Promise<Extract<BaselineLine, { type: 'summary' }>>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as BaselineLine;
      if (line.type === 'completed') completed.push(line.orchestrationId);
      else resolve(line);
    });
    void exited.then(() =>
      reject(
        new Error(`the baseline process ended without a summary (${child.signalCode ?? child.exitCode}) ${stderr}`),
      ),
    );
  });
  summary.catch(() => undefined);
  return {
    pid: child.pid!,
    completed,
    summary,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
