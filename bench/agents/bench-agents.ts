/**
 * The benchmark's agents, loaded by agent pools and orchestrator workers with `--module` and called directly by the
 * in-memory baseline: the same simulated agents on both sides. Settings come from the environment (bench-agent-settings).
 *   bench-step  answers after BENCH_AGENT_LATENCY_MS
 *   bench-hang  hangs (stops heartbeating) on every call; its fallback is bench-step
 */
import { defineAgent } from '../../src/activities/define-agent';
import type { AgentHandler } from '../../src/activities/agent-context';
import { simulatedAgent } from '../../src/activities/simulated-agent';
import { appendLedgerEntry, preciseNow } from './agent-ledger';
import { benchAgentSettings } from './bench-agent-settings';

export const BENCH_STEP_AGENT = 'bench-step';
export const BENCH_HANG_AGENT = 'bench-hang';

const settings = benchAgentSettings();

/** Appends the call's start and end to the ledger, when one is configured. */
function recorded(handler: AgentHandler): AgentHandler {
  const ledger = settings.BENCH_LEDGER;
  if (ledger === undefined) return handler;
  return async (task, ctx) => {
    const entry = (event: 'start' | 'end') => ({
      event,
      agent: ctx.agent,
      key: ctx.idempotencyKey,
      orchestrationId: ctx.orchestrationId,
      stepId: ctx.stepId,
      attempt: ctx.attempt,
      at: preciseNow(),
      pid: process.pid,
    });
    appendLedgerEntry(ledger, entry('start'));
    const output = await handler(task, ctx);
    appendLedgerEntry(ledger, entry('end'));
    return output;
  };
}

const latency = { min: settings.BENCH_AGENT_LATENCY_MS, max: settings.BENCH_AGENT_LATENCY_MS };

export const benchStep = defineAgent({
  name: BENCH_STEP_AGENT,
  handler: recorded(simulatedAgent({ latency })),
  // A saturated pool queues instructions; that is load, not an unreachable agent.
  timeouts: { scheduleToStart: '10m' },
  concurrency: 64,
});

export const benchHang = defineAgent({
  name: BENCH_HANG_AGENT,
  handler: recorded(simulatedAgent({ latency: { min: 0, max: 0 }, faults: { hang: 1 } })),
  timeouts: { scheduleToStart: '10m', startToClose: '10m', heartbeat: settings.BENCH_HANG_HEARTBEAT_MS },
  retry: { maxAttempts: 1 },
  fallback: { alternates: [BENCH_STEP_AGENT], autonomous: false },
  concurrency: 64,
});
