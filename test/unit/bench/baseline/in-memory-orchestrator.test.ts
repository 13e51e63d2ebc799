/** The benchmark's in-memory baseline runs the same requests as Steadfast: dependencies, results passed on, retries, alternates. */
import { defineAgent } from '../../../../src/activities/define-agent';
import { InMemoryOrchestrator } from '../../../../bench/baseline/in-memory-orchestrator';

const echo = defineAgent<unknown, unknown>({
  name: 'echo',
  handler: async (task, ctx) => ({ step: ctx.stepId, saw: Object.keys(task.results).sort() }),
});

test('runs a plan in dependency order, handing each step the results of the steps it depends on', async () => {
  const orchestrator = new InMemoryOrchestrator([echo]);
  const result = await orchestrator.run('o-1', {
    goal: 'diamond',
    plan: {
      steps: [
        { id: 'a', agent: 'echo' },
        { id: 'b', agent: 'echo', dependsOn: ['a'] },
        { id: 'c', agent: 'echo', dependsOn: ['a'] },
        { id: 'd', agent: 'echo', dependsOn: ['b', 'c'] },
      ],
    },
  });
  expect(result.results).toEqual({
    a: { step: 'a', saw: [] },
    b: { step: 'b', saw: ['a'] },
    c: { step: 'c', saw: ['a'] },
    d: { step: 'd', saw: ['b', 'c'] },
  });
  expect(orchestrator.phaseOf('o-1')).toBe('completed');
});

test('retries a failing agent by its policy, then falls back to the alternate', async () => {
  const calls: string[] = [];
  const backup = defineAgent({
    name: 'backup',
    handler: async (_task, ctx) => {
      calls.push(`backup#${ctx.attempt}`);
      return 'from backup';
    },
  });
  const flaky = defineAgent({
    name: 'flaky',
    handler: async (_task, ctx) => {
      calls.push(`flaky#${ctx.attempt}`);
      throw new Error('down');
    },
    retry: { maxAttempts: 2, initialInterval: 1 },
    fallback: { alternates: ['backup'] },
  });
  const result = await new InMemoryOrchestrator([flaky, backup]).run('o-2', {
    goal: 'g',
    plan: { steps: [{ id: 'only', agent: 'flaky' }] },
  });
  expect(result.results).toEqual({ only: 'from backup' });
  expect(calls).toEqual(['flaky#1', 'flaky#2', 'backup#1']);
});

test('a step whose every branch fails fails the orchestration', async () => {
  const broken = defineAgent({
    name: 'broken',
    handler: async () => Promise.reject(new Error('no')),
    retry: { maxAttempts: 1 },
  });
  const orchestrator = new InMemoryOrchestrator([broken]);
  await expect(orchestrator.run('o-3', { goal: 'g', plan: { steps: [{ id: 'x', agent: 'broken' }] } })).rejects.toThrow(
    'step "x" failed',
  );
  expect(orchestrator.phaseOf('o-3')).toBe('failed');
});
