/**
 * Records orchestration histories the way users run them: SteadfastTestEnvironment (server, orchestrator worker and
 * agent pool in this process, default settings), a number of orchestrations per shape, then each one's history.
 */
import fs from 'node:fs';
import type { temporal } from '@temporalio/proto';
import type { OrchestrationRequestInput } from '../../src/config/orchestration-request';
import { SteadfastTestEnvironment } from '../../src/testing';
import { runClosedLoop } from '../support/closed-loop';
import { chainRequest } from '../support/workload-requests';
import { REPLAY_FAILING_AGENT, REPLAY_STEP_AGENT, replayAgents } from './replay-agents';

export type History = temporal.api.history.v1.IHistory;

export interface OrchestrationShape {
  readonly name: string;
  readonly description: string;
  /** The request of the index-th orchestration of this shape. */
  request(index: number): OrchestrationRequestInput;
}

export const REPLAY_SHAPES: readonly OrchestrationShape[] = [
  {
    name: 'sequential-3',
    description: 'three steps in sequence, agent health on (the default)',
    request: () => chainRequest({ steps: 3, agent: REPLAY_STEP_AGENT }),
  },
  {
    name: 'sequential-3-fallback',
    description:
      'three steps in sequence, the second on an agent that fails and falls back to another; agent health on, a registry per orchestration so no circuit opens',
    request: (index) => ({
      goal: 'replay bench: a step with a fallback',
      plan: {
        steps: [
          { id: 's1', agent: REPLAY_STEP_AGENT },
          { id: 's2', agent: REPLAY_FAILING_AGENT, dependsOn: ['s1'] },
          { id: 's3', agent: REPLAY_STEP_AGENT, dependsOn: ['s2'] },
        ],
      },
      agentHealth: { registryId: `replay-fallback-${index}` },
    }),
  },
];

export interface RecordedOrchestration {
  readonly shape: string;
  readonly workflowId: string;
  readonly history: History;
}

export interface RecordingOptions {
  readonly perShape: number;
  /** Orchestrations in flight at once while recording. */
  readonly concurrency: number;
  /** Where the server's error lines go. */
  readonly logFile: string;
}

export async function recordOrchestrations(options: RecordingOptions): Promise<RecordedOrchestration[]> {
  const env = await SteadfastTestEnvironment.create({
    agents: replayAgents,
    writeLine: (line) => fs.appendFileSync(options.logFile, `${line}\n`),
  });
  try {
    const recorded: RecordedOrchestration[] = [];
    for (const shape of REPLAY_SHAPES) {
      const ids: string[] = [];
      const loop = await runClosedLoop(options.perShape, options.concurrency, async (index) => {
        const handle = await env.start(shape.request(index));
        ids.push(handle.id);
        await handle.result();
      });
      if (loop.failures.length > 0)
        throw new Error(`${loop.failures.length} ${shape.name} orchestrations failed: ${loop.failures[0]}`);
      for (const workflowId of ids) {
        const history = await env.client.temporal.workflow.getHandle(workflowId).fetchHistory();
        recorded.push({ shape: shape.name, workflowId, history });
      }
    }
    return recorded;
  } finally {
    await env.close();
  }
}
