/** Simulated agents for demos and tests: seeded latency and faults (fail, hang, crash, slow, garbage). */
import { ApplicationFailure } from '@temporalio/activity';
import { parseOrThrow } from '../config/parse-config';
import { SimulatedAgentConfigSchema, type SimulatedAgentConfigInput } from '../config/simulated-agent-config';
import type { AgentTask } from '../orchestration/types';
import { abortableSleep, whenAborted } from './abortable';
import { stopAutomaticHeartbeats, type AgentContext, type AgentHandler } from './agent-context';
import { garbageValue, simulatedBehavior } from './simulated-behavior';

export interface SimulatedAgentOptions<I, O> extends SimulatedAgentConfigInput {
  /** Computes the output when no fault strikes (a simulated router decides here); default: `output` or an echo. */
  readonly respond?: (task: AgentTask<I>, ctx: AgentContext) => O | Promise<O>;
  /** How a "crash" fault ends the process; tests replace it. Defaults to SIGKILL on this process. */
  readonly crash?: () => void;
}

export function simulatedAgent<I = unknown, O = unknown>(
  options: SimulatedAgentOptions<I, O> = {},
): AgentHandler<I, unknown> {
  const { respond, crash, ...configInput } = options;
  const config = parseOrThrow(SimulatedAgentConfigSchema, configInput, 'simulated agent');
  const crashProcess = crash ?? (() => process.kill(process.pid, 'SIGKILL'));

  return async (task, ctx) => {
    const behavior = simulatedBehavior(config, {
      agent: ctx.agent,
      idempotencyKey: ctx.idempotencyKey,
      attempt: ctx.attempt,
    });
    ctx.heartbeat({ simulated: behavior.fault, latencyMs: behavior.latencyMs });
    if (behavior.fault === 'hang') {
      stopAutomaticHeartbeats(ctx);
      return whenAborted(ctx.signal);
    }
    await abortableSleep(behavior.latencyMs, ctx.signal);
    switch (behavior.fault) {
      case 'crash':
        crashProcess();
        return whenAborted(ctx.signal);
      case 'fail':
        throw ApplicationFailure.create({
          message: `simulated failure of agent "${ctx.agent}" (attempt ${ctx.attempt})`,
          type: 'SimulatedFailure',
          nonRetryable: config.failNonRetryable,
        });
      case 'garbage':
        return garbageValue(behavior.random);
      default:
        if (respond) return respond(task, ctx);
        if (config.output !== undefined) return config.output;
        return { agent: ctx.agent, stepId: ctx.stepId, goal: task.goal, echo: task.input ?? null };
    }
  };
}
