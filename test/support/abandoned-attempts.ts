/**
 * An agent whose first attempt hangs (no heartbeats, no answer) in its pool's only slot: the server abandons it at
 * the heartbeat timeout ("agent hung"), and the retry finds no free pool to take it ("no agent reachable"). The
 * step's record must name both. Shared by the history scenario and the integration test.
 */
import { whenAborted } from '../../src/activities/abortable';
import { stopAutomaticHeartbeats } from '../../src/activities/agent-context';
import { defineAgent, type AgentDefinition } from '../../src/activities/define-agent';

export function stalledAgent(name: string): AgentDefinition<unknown, string> {
  return defineAgent<unknown, string>({
    name,
    handler: async (_task, ctx) => {
      if (ctx.attempt > 1) return `answered attempt ${ctx.attempt}`;
      // Holds the pool's only slot without a heartbeat, until the attempt's own deadline or the pool's shutdown.
      stopAutomaticHeartbeats(ctx);
      return whenAborted(ctx.signal);
    },
    autonomous: async () => 'autonomous answer',
    concurrency: 1,
    // Schedule-to-start leaves a loaded machine time to hand the first attempt to the pool; the retry then waits it out.
    timeouts: { scheduleToStart: '2s', startToClose: '30s', heartbeat: '400ms' },
    retry: { maxAttempts: 3, initialInterval: '50ms' },
  });
}
