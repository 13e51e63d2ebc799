/**
 * The embedded server killed with SIGKILL mid-run and started again on its database file and port: workers reconnect
 * on their own, and the agents' ledger shows when each orchestration's next step started. The floor is the server's
 * start-up plus the workers' reconnect backoff; a step whose answer was lost with the server waits for its timeout.
 */
import path from 'node:path';
import { preciseNow, readLedger } from '../agents/agent-ledger';
import { summarizeLatencies, type LatencySummary } from '../../test/support/latency-stats';
import type { BenchContext } from '../support/bench-context';
import { startDeployment } from '../support/deployment';
import { stepSpans } from '../support/ledger-analysis';
import { say } from '../support/progress';
import { startChainsPastTheirThirdStep } from './ledger-waits';

export interface ServerRestartFigures {
  readonly orchestrations: number;
  readonly completedAfterKill: number;
  /** Kill → the new server process listens (the harness restarts it at once). */
  readonly killToListeningMs: number;
  /** Kill → the orchestration's next step started. */
  readonly killToNextStepMs: LatencySummary;
  /** New server listening → the orchestration's next step started: what reconnecting adds. */
  readonly listeningToNextStepMs: LatencySummary;
}

const STEPS = 6;
const AGENT_LATENCY_MS = 400;

export async function restartServer(ctx: BenchContext, orchestrations: number): Promise<ServerRestartFigures> {
  const ledger = path.join(ctx.scratch, 'server-restart.jsonl');
  const deployment = await startDeployment({
    scratch: ctx.scratch,
    orchestrators: 1,
    pools: 1,
    poolConcurrency: orchestrations * 2,
    agents: { BENCH_AGENT_LATENCY_MS: AGENT_LATENCY_MS, BENCH_LEDGER: ledger },
    workflowBundle: ctx.workflowBundle,
  });
  try {
    const ids = await startChainsPastTheirThirdStep(deployment.client, ledger, orchestrations, STEPS, AGENT_LATENCY_MS);
    const killedAt = preciseNow();
    const killedPid = deployment.server.pid;
    await deployment.server.kill();
    const restarted = await deployment.restartServer();
    const listeningAt = preciseNow();
    say(
      `    server pid ${killedPid} killed; pid ${restarted.pid} listens ${Math.round(listeningAt - killedAt)} ms later`,
    );
    const outcomes = await Promise.allSettled(ids.map((id) => deployment.client.result(id)));

    const spans = stepSpans(readLedger(ledger));
    const nextStarts = ids.flatMap((id) => {
      const next = spans
        .filter((span) => span.orchestrationId === id && span.start > killedAt)
        .sort((a, b) => a.start - b.start)[0];
      return next ? [next.start] : [];
    });
    if (nextStarts.length === 0) throw new Error('no orchestration started a step after the restart');
    return {
      orchestrations,
      completedAfterKill: outcomes.filter((outcome) => outcome.status === 'fulfilled').length,
      killToListeningMs: Math.round(listeningAt - killedAt),
      killToNextStepMs: summarizeLatencies(nextStarts.map((at) => at - killedAt)),
      listeningToNextStepMs: summarizeLatencies(nextStarts.map((at) => Math.max(0, at - listeningAt))),
    };
  } finally {
    await deployment.stop();
  }
}
