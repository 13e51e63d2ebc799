/**
 * For system tests that run orchestrator workers and agent pools as real processes: a test server, a scratch
 * directory with the orchestrator workflows prebuilt into a bundle file (so each orchestrator process starts in a
 * moment), the compiled ledger agents module, and every process a test starts, killed at close.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeOrchestratorWorkflowBundle } from '../../src/workers/orchestrator-workflows';
import type { WorkerChildProcess } from '../../src/workers/worker-child-process';
import { startTestEnv, type TestEnv } from './test-server';

export const LEDGER_AGENTS_MODULE = path.resolve(__dirname, '../../dist/test/fixtures/agents/ledger-agents.js');

export interface WorkerProcessBed {
  readonly env: TestEnv;
  readonly scratch: string;
  readonly bundleFile: string;
  /** Keeps a started process, to be killed at close; returns it. */
  track<T extends WorkerChildProcess>(child: T): T;
  close(): Promise<void>;
}

export async function startWorkerProcessBed(scratchPrefix: string): Promise<WorkerProcessBed> {
  if (!fs.existsSync(LEDGER_AGENTS_MODULE))
    throw new Error(`${LEDGER_AGENTS_MODULE} is missing: build first with npx tsc -p tsconfig.build.json`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), scratchPrefix));
  const processes: WorkerChildProcess[] = [];
  let env: TestEnv | undefined;
  const close = async () => {
    await Promise.all(processes.map((child) => child.kill('SIGKILL')));
    await env?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  try {
    env = await startTestEnv();
    const bundleFile = path.join(scratch, 'orchestrator-workflows.js');
    await writeOrchestratorWorkflowBundle(bundleFile);
    return {
      env,
      scratch,
      bundleFile,
      track(child) {
        processes.push(child);
        return child;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
