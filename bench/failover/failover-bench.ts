/** Failover: kill -9 of an orchestrator worker until its orchestrations move on elsewhere; a hung agent until its fallback. */
import type { BenchPart } from '../support/bench-part';
import { say } from '../support/progress';
import { measureHangFallback } from './hang-fallback-run';
import { killOrchestratorWorker, type OrchestratorKillFigures } from './orchestrator-kill-run';

/** The orchestrator worker's default (1 s), and the SDK's (10 s) for comparison. */
const STICKY_TIMEOUTS_MS = [1_000, 10_000] as const;
const HEARTBEAT_TIMEOUTS_MS = [1_000, 3_000] as const;

export const failoverPart: BenchPart = {
  name: 'failover',
  summary: 'kill -9 of an orchestrator worker to the next step elsewhere; agent hang to fallback vs heartbeat timeout',
  async run(ctx) {
    const orchestrations = ctx.sizes.quick ? 8 : 16;
    const kills: OrchestratorKillFigures[] = [];
    for (const sticky of ctx.sizes.quick ? [1_000] : STICKY_TIMEOUTS_MS) {
      say(
        `  orchestrator worker kill, sticky schedule-to-start timeout ${sticky} ms, ${orchestrations} orchestrations`,
      );
      const figures = await killOrchestratorWorker(ctx, sticky, orchestrations);
      say(
        `    next step ${figures.killToNextStepMs.p50Ms} ms after the kill (p50, p99 ${figures.killToNextStepMs.p99Ms}, max ${figures.killToNextStepMs.maxMs}); ${figures.completedAfterKill}/${orchestrations} completed`,
      );
      kills.push(figures);
    }
    say(
      `  agent hang, heartbeat timeouts ${HEARTBEAT_TIMEOUTS_MS.join(' and ')} ms, ${orchestrations / 2} orchestrations each`,
    );
    const hangs = await measureHangFallback(ctx, HEARTBEAT_TIMEOUTS_MS, orchestrations / 2);
    ctx.record(
      'failover',
      {
        orchestratorKill:
          'chains of 8 steps, agents answering in 400 ms; workers A and B both poll; SIGKILL of A after every second step ended; the orchestrations A held are measured',
        hang: 'one step on an agent that hangs after its first heartbeat; fallback: alternate agent answering in 20 ms',
      },
      { orchestratorKill: kills, hang: hangs },
    );
  },
};
