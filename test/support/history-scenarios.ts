/**
 * The orchestrations whose histories are recorded under test/histories and replayed against src/workflows:
 * one per main path through the orchestrator (plan, router, each fallback, approvals, steering, continue-as-new).
 */
import { abortableSleep } from '../../src/activities/abortable';
import { defineAgent, type AnyAgentDefinition } from '../../src/activities/define-agent';
import { simulatedAgent } from '../../src/activities/simulated-agent';
import type { RouterTaskInput } from '../../src/orchestration/router-view';
import { gate, untilOpenedOrAborted } from '../fixtures/agents/recording';
import { stalledAgent } from './abandoned-attempts';
import { LLM_HISTORY_SCENARIOS } from './llm/llm-history-scenarios';
import type { SteadfastEnv, WorkersContext } from './steadfast-env';
import { waitUntil } from './wait-until';

/** A workflow whose every run is recorded, under `name` (plus `.run-N` when it continued as new). */
export interface RecordedWorkflow {
  readonly name: string;
  readonly workflowId: string;
}

export interface HistoryScenario {
  readonly name: string;
  run(env: SteadfastEnv): Promise<RecordedWorkflow[]>;
}

const quick = { timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' }, retry: { maxAttempts: 1 } };
const echo = (name: string) =>
  defineAgent({ name, handler: async (task, ctx) => ({ step: ctx.stepId, input: task.input ?? null }), ...quick });

/** Runs a request to its end (whatever the end) and names the workflow to record. */
async function recordRun(
  ctx: WorkersContext,
  name: string,
  request: Parameters<WorkersContext['request']>[0],
): Promise<RecordedWorkflow> {
  const handle = await ctx.client.start(ctx.request(request));
  await handle.result().catch(() => undefined);
  return { name, workflowId: handle.id };
}

function scenario(
  name: string,
  agents: AnyAgentDefinition[],
  body: (ctx: WorkersContext) => Promise<RecordedWorkflow[]>,
  pool?: AnyAgentDefinition[],
): HistoryScenario {
  return { name, run: (env) => env.withWorkers({ agents, ...(pool ? { pool } : {}) }, body) };
}

const parallelPlan = (() => {
  const researcher = echo('researcher');
  const writer = echo('writer');
  return scenario('parallel-plan', [researcher, writer], async (ctx) => [
    await recordRun(ctx, 'parallel-plan', {
      goal: 'write an article',
      plan: {
        steps: [
          { id: 'facts', agent: 'researcher', input: 'facts' },
          { id: 'quotes', agent: 'researcher', input: 'quotes' },
          { id: 'article', agent: 'writer', dependsOn: ['facts', 'quotes'] },
        ],
      },
      visibility: { searchAttributes: true, memo: true },
    }),
  ]);
})();

const routerDriven = (() => {
  const router = defineAgent({
    name: 'router',
    handler: simulatedAgent({
      latency: { min: 1, max: 5 },
      respond: (task) => {
        const { history } = task.input as RouterTaskInput;
        if (history.length === 0) return { next: 'researcher', input: 'tides', stepId: 'research' };
        if (history.length === 1) return { next: 'writer', stepId: 'write' };
        return { done: true };
      },
    }),
    ...quick,
  });
  return scenario('router-driven', [router, echo('researcher'), echo('writer')], async (ctx) => [
    await recordRun(ctx, 'router-driven', { goal: 'report on tides', router: { agent: 'router' } }),
  ]);
})();

const routingLoop = (() => {
  const stubborn = defineAgent({
    name: 'stubborn',
    handler: async () => ({ next: 'researcher', input: 'same' }),
    ...quick,
  });
  return scenario('routing-loop', [stubborn, echo('researcher')], async (ctx) => [
    await recordRun(ctx, 'routing-loop', { goal: 'never ends', router: { agent: 'stubborn', loopThreshold: 2 } }),
  ]);
})();

const fallbackChain = (() => {
  const failing = defineAgent({
    name: 'failing',
    handler: simulatedAgent({ faults: { fail: 1 }, latency: { min: 1, max: 1 } }),
    retry: { maxAttempts: 2, initialInterval: '50ms' },
  });
  const absent = defineAgent({
    name: 'absent',
    handler: async () => 'never',
    autonomous: async () => 'degraded answer',
    timeouts: { scheduleToStart: '300ms' },
    retry: { maxAttempts: 1 },
    fallback: { alternates: ['failing'] },
  });
  const hung = defineAgent({
    name: 'hung',
    handler: simulatedAgent({ faults: { hang: 1 }, latency: { min: 1, max: 1 } }),
    autonomous: async () => 'autonomous answer',
    timeouts: { scheduleToStart: '5s', startToClose: '20s', heartbeat: '300ms' },
    retry: { maxAttempts: 1 },
  });
  const skipped = defineAgent({
    name: 'skipped',
    handler: async () => 'never',
    timeouts: { scheduleToStart: '200ms' },
    retry: { maxAttempts: 1 },
    fallback: { autonomous: false, onExhausted: 'skip' },
  });
  return scenario(
    'fallback-chain',
    [absent, failing, hung, skipped],
    async (ctx) => [
      await recordRun(ctx, 'fallback-chain', {
        goal: 'every fallback',
        plan: {
          steps: [
            { id: 'unreachable-then-failing-then-autonomous', agent: 'absent' },
            { id: 'hung-then-autonomous', agent: 'hung' },
            { id: 'skipped', agent: 'skipped' },
          ],
        },
      }),
    ],
    [failing, hung],
  );
})();

const circuitOpen = (() => {
  const flaky = defineAgent({
    name: 'flaky',
    handler: simulatedAgent({ faults: { fail: 1 }, latency: { min: 1, max: 1 } }),
    ...quick,
    fallback: { alternates: ['steady'], autonomous: false },
  });
  const steady = echo('steady');
  return {
    name: 'circuit-open',
    run: (env: SteadfastEnv) =>
      env.withWorkers(
        { agents: [flaky, steady], healthRegistry: { failureThreshold: 1, cooldown: '10m' } },
        async (ctx) => {
          const opening = await recordRun(ctx, 'circuit-opening', {
            goal: 'g',
            plan: { steps: [{ id: 'first', agent: 'flaky' }] },
          });
          await waitUntil(
            async () => (await ctx.client.agents()).some((row) => row.agent === 'flaky' && row.state === 'open'),
            {
              what: 'the circuit to open',
            },
          );
          const bypassed = await recordRun(ctx, 'circuit-open', {
            goal: 'g',
            plan: { steps: [{ id: 'second', agent: 'flaky' }] },
          });
          return [opening, bypassed, { name: 'agent-health-registry', workflowId: ctx.registryId }];
        },
      ),
  };
})();

const approvals = scenario('approvals', [echo('writer')], async (ctx) => {
  const timedOut = await recordRun(ctx, 'approval-timeout', {
    goal: 'g',
    plan: {
      steps: [
        { id: 'draft', agent: 'writer' },
        { id: 'review', kind: 'approval', dependsOn: ['draft'], timeout: '300ms', onReject: 'continue' },
        { id: 'publish', agent: 'writer', dependsOn: ['review'] },
      ],
    },
  });
  const handle = await ctx.client.start(
    ctx.request({
      goal: 'g',
      plan: {
        steps: [
          { id: 'draft', agent: 'writer' },
          { id: 'review', kind: 'approval', dependsOn: ['draft'], timeout: '1m' },
          { id: 'publish', agent: 'writer', dependsOn: ['review'] },
        ],
      },
    }),
  );
  await waitUntil(async () => (await handle.status()).steps[1]!.state === 'awaiting_approval', {
    what: 'the approval wait',
  });
  // Since steadfast-operator-updates a paused run refuses approve: pause and resume around the wait, then approve.
  await ctx.client.pause(handle.id);
  await waitUntil(async () => (await handle.status()).paused, { what: 'the pause' });
  await ctx.client.resume(handle.id);
  await ctx.client.approve(handle.id, 'review', { by: 'alice' });
  await waitUntil(async () => (await handle.status()).steps[1]!.state === 'succeeded', {
    what: 'the approval to settle',
  });
  await handle.result();
  return [timedOut, { name: 'approval-pause-resume', workflowId: handle.id }];
});

const cancelled = (() => {
  const never = gate();
  const blocked = defineAgent({
    name: 'blocked',
    handler: async (_task, ctx) => untilOpenedOrAborted(never, ctx),
    ...quick,
  });
  return scenario('cancelled', [blocked], async (ctx) => {
    const handle = await ctx.client.start(
      ctx.request({ goal: 'g', plan: { steps: [{ id: 'long', agent: 'blocked' }] } }),
    );
    await waitUntil(async () => (await handle.status()).currentAgents.length === 1, { what: 'the step to run' });
    await ctx.client.cancel(handle.id, 'changed my mind');
    await handle.result();
    return [{ name: 'cancelled', workflowId: handle.id }];
  });
})();

const continueAsNew = (() => {
  const appender = defineAgent({
    name: 'appender',
    handler: async (task, ctx) => {
      await abortableSleep(1, ctx.signal);
      const previous = Object.values(task.results)[0];
      return typeof previous === 'string' ? `${previous}+${ctx.stepId}` : ctx.stepId;
    },
    ...quick,
  });
  const chain = Array.from({ length: 12 }, (_, i) => `s${i + 1}`);
  return scenario('continue-as-new', [appender], async (ctx) => [
    await recordRun(ctx, 'continue-as-new', {
      goal: 'a long chain',
      continueAsNewAfterEvents: 50,
      plan: { steps: chain.map((id, i) => ({ id, agent: 'appender', dependsOn: i === 0 ? [] : [chain[i - 1]!] })) },
      visibility: { searchAttributes: true, memo: true },
    }),
  ]);
})();

/** A primary whose retry found no pool after its first attempt hung: both reasons belong on the step. */
const abandonedAttempts = (() => {
  const stalled = stalledAgent('stalled');
  return scenario('abandoned-attempts', [stalled], async (ctx) => [
    await recordRun(ctx, 'abandoned-attempts', {
      goal: 'a pool that hangs mid-step',
      plan: { steps: [{ id: 'hung-then-unreachable', agent: 'stalled' }] },
    }),
  ]);
})();

export const HISTORY_SCENARIOS: readonly HistoryScenario[] = [
  parallelPlan,
  routerDriven,
  routingLoop,
  fallbackChain,
  circuitOpen,
  approvals,
  cancelled,
  continueAsNew,
  abandonedAttempts,
  ...LLM_HISTORY_SCENARIOS,
];
