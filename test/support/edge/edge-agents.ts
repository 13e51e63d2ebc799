/**
 * Agents for edge-fallback tests: every execution and every side effect is counted by idempotency key, and the
 * effect is applied once per key (the way a downstream service honours one), by the handler and the autonomous branch.
 */
import { defineAgent, type AgentDefinition } from '../../../src/activities/define-agent';
import type { AgentContext } from '../../../src/activities/agent-context';
import { uniqueAgentName } from '../steadfast-env';

export class EffectCounter {
  /** Executions by idempotency key and mode ("primary" on a pool, "autonomous" at the edge or orchestrator). */
  readonly executions = new Map<string, { primary: number; autonomous: number }>();
  /** Side effects actually applied, by idempotency key (never more than one when fencing works). */
  readonly effects = new Map<string, number>();

  apply(ctx: AgentContext): boolean {
    const runs = this.executions.get(ctx.idempotencyKey) ?? { primary: 0, autonomous: 0 };
    if (ctx.mode === 'autonomous') runs.autonomous += 1;
    else runs.primary += 1;
    this.executions.set(ctx.idempotencyKey, runs);
    if (this.effects.has(ctx.idempotencyKey)) return false;
    this.effects.set(ctx.idempotencyKey, 1);
    return true;
  }

  runsOf(orchestrationId: string, stepId: string): { primary: number; autonomous: number } {
    return this.executions.get(`${orchestrationId}/${stepId}`) ?? { primary: 0, autonomous: 0 };
  }

  /** Keys whose effect was applied more than once (always empty: apply() fences). */
  duplicated(): string[] {
    return [...this.effects].filter(([, count]) => count > 1).map(([key]) => key);
  }
}

export function edgeAgent(counter: EffectCounter, base = 'edge-writer'): AgentDefinition<string, string> {
  return defineAgent<string, string>({
    name: uniqueAgentName(base),
    timeouts: { scheduleToStart: '20s', startToClose: '20s', heartbeat: '2s' },
    retry: { maxAttempts: 2 },
    handler: (task, ctx) => {
      counter.apply(ctx);
      return `primary:${task.input}`;
    },
    autonomous: (task, ctx) => {
      counter.apply(ctx);
      return `autonomous:${task.input}`;
    },
  });
}
