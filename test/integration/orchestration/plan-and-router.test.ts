/** Plans run independent steps in parallel and dependents after them; routers pick steps until done; loops are stopped. */
import { abortableSleep } from '../../../src/activities/abortable';
import { defineAgent } from '../../../src/activities/define-agent';
import { simulatedAgent } from '../../../src/activities/simulated-agent';
import { OrchestrationFailedError } from '../../../src/client';
import type { RouterTaskInput } from '../../../src/orchestration/router-view';
import { Journal } from '../../fixtures/agents/recording';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';
import { waitUntil } from '../../support/wait-until';

let env: SteadfastEnv;
beforeAll(async () => {
  env = await startSteadfastEnv();
});
afterAll(async () => env?.close());

const quick = {
  timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' },
  retry: { maxAttempts: 2, initialInterval: '100ms' },
};

test('independent steps run at the same time and their dependent runs after both, with their results', async () => {
  const journal = new Journal();
  const started = new Set<string>();
  // Each parallel step waits (boundedly) until the other has started: only parallel dispatch lets both start before either ends.
  const researcher = defineAgent({
    name: uniqueAgentName('researcher'),
    handler: journal.recorded(async (task, ctx) => {
      started.add(ctx.stepId);
      await waitUntil(() => started.has('facts') && started.has('quotes'), {
        what: 'both parallel steps to start',
        timeoutMs: 5_000,
      }).catch(() => undefined);
      return { found: task.input };
    }),
    ...quick,
  });
  const writer = defineAgent({
    name: uniqueAgentName('writer'),
    handler: journal.recorded(async (task) => ({ article: Object.keys(task.results).sort() })),
    ...quick,
  });

  await env.withWorkers({ agents: [researcher, writer] }, async ({ client, request }) => {
    const result = await client.run(
      request({
        goal: 'write an article',
        plan: {
          steps: [
            { id: 'facts', agent: researcher.name, input: 'facts' },
            { id: 'quotes', agent: researcher.name, input: 'quotes' },
            { id: 'article', agent: writer.name, dependsOn: ['facts', 'quotes'] },
          ],
        },
        visibility: { searchAttributes: true, memo: true },
      }),
    );

    expect(result.status).toBe('completed');
    expect(result.output).toEqual({ article: ['facts', 'quotes'] });
    expect(result.results).toMatchObject({ facts: { found: 'facts' }, quotes: { found: 'quotes' } });
    expect(result.steps.map((step) => [step.id, step.state, step.mode])).toEqual([
      ['facts', 'succeeded', 'primary'],
      ['quotes', 'succeeded', 'primary'],
      ['article', 'succeeded', 'primary'],
    ]);
    expect(result.fallbackCount).toBe(0);

    // Overlap: both parallel steps started before either finished; the dependent started after both finished.
    const [startFacts, startQuotes] = [journal.indexOf('started', 'facts'), journal.indexOf('started', 'quotes')];
    const [endFacts, endQuotes] = [journal.indexOf('finished', 'facts'), journal.indexOf('finished', 'quotes')];
    expect(Math.max(startFacts, startQuotes)).toBeLessThan(Math.min(endFacts, endQuotes));
    expect(journal.indexOf('started', 'article')).toBeGreaterThan(Math.max(endFacts, endQuotes));
  });
});

test('a router picks each next step from the history so far until it says done', async () => {
  const journal = new Journal();
  const researcher = defineAgent({
    name: uniqueAgentName('researcher'),
    handler: journal.recorded(async (task) => ({ notes: `notes on ${String(task.input)}` })),
    ...quick,
  });
  const writer = defineAgent({
    name: uniqueAgentName('writer'),
    handler: journal.recorded(async (task) => `draft from ${JSON.stringify(task.results)}`),
    ...quick,
  });
  const router = defineAgent({
    name: uniqueAgentName('router'),
    handler: simulatedAgent({
      latency: { min: 1, max: 5 },
      respond: (task) => {
        const { history, routerInput } = task.input as RouterTaskInput;
        if (history.length === 0) return { next: researcher.name, input: routerInput, stepId: 'research' };
        if (history.length === 1) return { next: writer.name, stepId: 'write' };
        return { done: true, result: { final: history[1]!.result } };
      },
    }),
    ...quick,
  });

  await env.withWorkers({ agents: [researcher, writer, router] }, async ({ client, request }) => {
    const result = await client.run(
      request({ goal: 'report on tides', router: { agent: router.name, input: 'tides' } }),
    );

    expect(result.status).toBe('completed');
    expect(result.steps.map((step) => [step.id, step.agent, step.state])).toEqual([
      ['route-1', router.name, 'succeeded'],
      ['research', researcher.name, 'succeeded'],
      ['route-2', router.name, 'succeeded'],
      ['write', writer.name, 'succeeded'],
      ['route-3', router.name, 'succeeded'],
    ]);
    expect(result.output).toEqual({ final: `draft from ${JSON.stringify({ research: { notes: 'notes on tides' } })}` });
    expect(journal.entries.filter((entry) => entry.event === 'started').map((entry) => entry.stepId)).toEqual([
      'research',
      'write',
    ]);
  });
});

test('a router repeating the same decision is stopped with RoutingLoopDetected', async () => {
  const journal = new Journal();
  const echo = defineAgent({
    name: uniqueAgentName('echo'),
    handler: journal.recorded(async (task) => task.input),
    ...quick,
  });
  const stubborn = defineAgent({
    name: uniqueAgentName('stubborn-router'),
    handler: async () => ({ next: echo.name, input: { question: 'same as always' } }),
    ...quick,
  });

  await env.withWorkers({ agents: [echo, stubborn] }, async ({ client, request }) => {
    const handle = await client.start(
      request({ goal: 'never ends', router: { agent: stubborn.name, loopThreshold: 3 } }),
    );
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(OrchestrationFailedError);
    expect(failure).toMatchObject({ type: 'RoutingLoopDetected', stepId: 'route-3', orchestrationId: handle.id });
    expect((failure as Error).message).toContain(`chose agent "${echo.name}" with identical input 3 times`);
    // The two admitted decisions ran; the third identical one was refused before dispatch.
    expect(journal.count('started', { agent: echo.name })).toBe(2);
    const status = (failure as OrchestrationFailedError).status!;
    expect(status.phase).toBe('failed');
    expect(status.failure).toMatchObject({ type: 'RoutingLoopDetected' });
    expect(status.routing).toEqual({ dispatched: 2, routerCalls: 3 });
  });
});

test('a slow step does not hold up an independent one (maxParallel permitting)', async () => {
  const journal = new Journal();
  const worker = defineAgent({
    name: uniqueAgentName('worker'),
    handler: journal.recorded(async (task, ctx) =>
      abortableSleep(Number(task.input), ctx.signal).then(() => task.input),
    ),
    ...quick,
  });
  await env.withWorkers({ agents: [worker] }, async ({ client, request }) => {
    const result = await client.run(
      request({
        goal: 'two lanes',
        plan: {
          steps: [
            { id: 'slow', agent: worker.name, input: 800 },
            { id: 'fast', agent: worker.name, input: 10 },
            { id: 'after-fast', agent: worker.name, input: 10, dependsOn: ['fast'] },
          ],
        },
      }),
    );
    expect(result.status).toBe('completed');
    // The chain behind the fast step finished while the slow step was still running.
    expect(journal.indexOf('finished', 'after-fast')).toBeLessThan(journal.indexOf('finished', 'slow'));
  });
});
