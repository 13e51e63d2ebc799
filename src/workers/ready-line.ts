/** The line a worker process prints on stdout once it polls; parents (CLI, demo, tests) wait for it. */

export type WorkerProcessKind = 'orchestrator' | 'agents';

export interface WorkerProcessReady {
  readonly kind: WorkerProcessKind;
  /** The task queue (orchestrator) or the served agents, comma-separated. */
  readonly serving: string;
  readonly address: string;
  readonly pid: number;
}

const LABELS: Record<WorkerProcessKind, string> = { orchestrator: 'orchestrator worker', agents: 'agent pool' };

export function formatReadyLine(ready: WorkerProcessReady): string {
  const what = ready.kind === 'orchestrator' ? `task queue ${ready.serving}` : `agents ${ready.serving}`;
  return `Steadfast ${LABELS[ready.kind]} polling (${what}) on ${ready.address}, pid ${ready.pid}`;
}

const READY_LINE =
  /^Steadfast (orchestrator worker|agent pool) polling \((?:task queue|agents) (\S+)\) on (\S+), pid (\d+)$/;

export function parseReadyLine(line: string): WorkerProcessReady | undefined {
  const match = READY_LINE.exec(line.trim());
  if (!match) return undefined;
  return {
    kind: match[1] === 'agent pool' ? 'agents' : 'orchestrator',
    serving: match[2]!,
    address: match[3]!,
    pid: Number(match[4]),
  };
}
