/**
 * Runs a worker process entry point (src/workers/*-process.ts) inside the CLI: commander's flags become the command
 * line the entry point parses with its own schema, so the CLI and the bare processes accept exactly the same flags.
 */
import { z } from 'zod';
import { DurationSchema } from '../config/duration';
import { CliError } from './cli-error';
import { parseFlags } from './flags';

export type WorkerKind = 'orchestrator' | 'agents';

/** The environment variable the worker processes read for how long to wait for a server that does not answer yet. */
const CONNECT_TIMEOUT_ENV = 'STEADFAST_CONNECT_TIMEOUT';

const ConnectTimeoutFlagSchema = z.object({ connectTimeout: DurationSchema.optional() });

export async function runWorkerCommand(kind: WorkerKind, flags: Record<string, unknown>): Promise<void> {
  const { connectTimeout, ...processFlags } = flags;
  const parsed = parseFlags(ConnectTimeoutFlagSchema, { connectTimeout });
  const argv = toCommandLine(processFlags);
  const env = withConnectTimeout(process.env, parsed.connectTimeout);
  try {
    if (kind === 'orchestrator') {
      const { runOrchestratorWorkerProcess } = await import('../workers/orchestrator-process');
      await runOrchestratorWorkerProcess(argv, env);
    } else {
      const { runAgentPoolProcess } = await import('../workers/agent-pool-process');
      await runAgentPoolProcess(argv, env);
    }
  } catch (error) {
    // The worker processes name the address and the reason; nothing more (no stack) is useful to the user.
    if (error instanceof Error && error.message.startsWith('cannot reach a Temporal server'))
      throw new CliError(error.message);
    throw error;
  }
}

/**
 * At a terminal, a server that is not up is reported at once; containers that start before their server set
 * STEADFAST_CONNECT_TIMEOUT (or pass --connect-timeout) to wait for it instead.
 */
function withConnectTimeout(env: NodeJS.ProcessEnv, timeoutMs: number | undefined): NodeJS.ProcessEnv {
  if (timeoutMs !== undefined) return { ...env, [CONNECT_TIMEOUT_ENV]: `${timeoutMs}ms` };
  if (env[CONNECT_TIMEOUT_ENV]?.trim()) return env;
  return { ...env, [CONNECT_TIMEOUT_ENV]: '0ms' };
}

/** { taskQueue: 'q' } => ['--task-queue', 'q'], the form the worker entry points parse. */
export function toCommandLine(flags: Record<string, unknown>): string[] {
  return Object.entries(flags).flatMap(([name, value]) =>
    typeof value === 'string' ? [`--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`, value] : [],
  );
}
