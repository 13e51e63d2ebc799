/**
 * Failover, one take-over each, next to the timeout that is its floor: kill -9 of an orchestrator worker until its
 * orchestrations move on elsewhere; kill -9 of an agent pool mid-step until the step runs again on the other pool; a
 * hung agent until its fallback; the server killed and restarted until each orchestration's next step.
 */
import { DEFAULT_WORKFLOW_TASK_TIMEOUT_MS } from '../../src/config/client-config';
import type { BenchPart } from '../support/bench-part';
import { say } from '../support/progress';
import { DEFAULT_AGENT_RETRY_INITIAL_INTERVAL_MS } from '../../src/config/agent-policy-schemas';
import { killAgentPool, type AgentPoolKillFigures } from './agent-pool-kill-run';
import { measureHangFallback } from './hang-fallback-run';
import { killOrchestratorWorker, type OrchestratorKillFigures } from './orchestrator-kill-run';
import { restartServer } from './server-restart-run';

/** The orchestrator worker's default (1 s), and the SDK's (10 s) for comparison. */
const STICKY_TIMEOUTS_MS = [1_000, 10_000] as const;
const HEARTBEAT_TIMEOUTS_MS = [1_000, 3_000] as const;
/** Agent pool kills: heartbeat timeout and first retry interval (the agents' default, then Temporal's 1 s). */
const POOL_KILL_SETTINGS = [
  { heartbeatMs: 1_000, retryMs: DEFAULT_AGENT_RETRY_INITIAL_INTERVAL_MS },
  { heartbeatMs: 3_000, retryMs: DEFAULT_AGENT_RETRY_INITIAL_INTERVAL_MS },
  { heartbeatMs: 1_000, retryMs: 1_000 },
] as const;

const p = (figures: { p50Ms: number; p99Ms: number; maxMs: number }) =>
  `${figures.p50Ms} / ${figures.p99Ms} / ${figures.maxMs} ms (p50 / p99 / max)`;

export const failoverPart: BenchPart = {
  name: 'failover',
  summary:
    'kill -9 of an orchestrator worker or an agent pool, an agent hang, a server kill and restart: time to take over',
  async run(ctx) {
    const orchestrations = ctx.sizes.quick ? 8 : 16;
    const kills: OrchestratorKillFigures[] = [];
    for (const sticky of ctx.sizes.quick ? [1_000] : STICKY_TIMEOUTS_MS) {
      say(
        `  orchestrator worker kill, sticky schedule-to-start timeout ${sticky} ms, ${orchestrations} orchestrations`,
      );
      const figures = await killOrchestratorWorker(ctx, sticky, orchestrations);
      say(`    next step after the kill ${p(figures.killToNextStepMs)}; ${figures.completedAfterKill} completed`);
      kills.push(figures);
    }
    const poolKills: AgentPoolKillFigures[] = [];
    for (const { heartbeatMs, retryMs } of ctx.sizes.quick ? POOL_KILL_SETTINGS.slice(0, 1) : POOL_KILL_SETTINGS) {
      say(
        `  agent pool kill mid-step, heartbeat timeout ${heartbeatMs} ms, first retry after ${retryMs} ms, ${orchestrations} orchestrations`,
      );
      const figures = await killAgentPool(ctx, heartbeatMs, retryMs, orchestrations);
      say(
        `    step started again after the kill ${p(figures.killToRedispatchMs)}; ${figures.withinHeartbeatPlusOneSecond}/${figures.stepsOnKilledPool} within heartbeat timeout + 1 s`,
      );
      poolKills.push(figures);
    }
    say(
      `  agent hang, heartbeat timeouts ${HEARTBEAT_TIMEOUTS_MS.join(' and ')} ms, ${orchestrations / 2} orchestrations each`,
    );
    const hangs = await measureHangFallback(ctx, HEARTBEAT_TIMEOUTS_MS, orchestrations / 2);
    say(`  server kill -9 and restart, ${orchestrations} orchestrations`);
    const serverRestart = await restartServer(ctx, orchestrations);
    say(`    next step after the kill ${p(serverRestart.killToNextStepMs)}`);
    ctx.record(
      'failover',
      {
        orchestratorKill:
          'chains of 8 steps, agents answering in 400 ms; workers A and B both poll; SIGKILL of A after every second step ended; the orchestrations A held are measured',
        agentPoolKill:
          'one step per orchestration on an agent answering in 4 s, two pools; SIGKILL of one 0.5 s after every step started; the steps it ran are measured',
        hang: 'one step on an agent that hangs after its first heartbeat; fallback: alternate agent answering in 20 ms',
        serverRestart:
          'chains of 6 steps, agents answering in 400 ms; SIGKILL of the server after every second step ended, restarted at once on its database and port',
        workflowTaskTimeoutMs: DEFAULT_WORKFLOW_TASK_TIMEOUT_MS,
      },
      { orchestratorKill: kills, agentPoolKill: poolKills, hang: hangs, serverRestart },
    );
  },
};
