/**
 * Testing agents with the test kit (`steadfast/testing`), as a user's own project would: the example agents in
 * examples/agents.js, with the writer's and the reviewer's pools offline, so their fallback chains run.
 */
import { SteadfastTestEnvironment } from 'steadfast/testing';

let env: SteadfastTestEnvironment;
beforeAll(async () => {
  env = await SteadfastTestEnvironment.create({ agents: require.resolve('./agents'), offline: ['writer', 'reviewer'] });
});
afterAll(() => env?.close());

const brief = {
  goal: 'Write a brief on durable execution',
  plan: {
    steps: [
      { id: 'research', agent: 'researcher', input: { topic: 'durable execution' } },
      { id: 'draft', agent: 'writer', dependsOn: ['research'] },
      { id: 'review', agent: 'reviewer', dependsOn: ['draft'] },
    ],
  },
};

test('with the writer offline the editor drafts; with no reviewer the autonomous review runs', async () => {
  const result = await env.run(brief);
  expect(result.steps.map((step) => [step.id, step.mode, step.fallbackReason])).toEqual([
    ['research', 'primary', undefined],
    ['draft', 'alternate', 'no_agent_reachable'],
    ['review', 'autonomous', 'no_agent_reachable'],
  ]);
  expect(result.results.draft).toMatchObject({ by: 'editor' });
  expect(result.results.review).toMatchObject({ approved: true, by: 'rule-based review' });
});

test('once a writer pool starts, drafts are the writer’s again', async () => {
  await env.startAgentPool(['writer']);
  const result = await env.run(brief);
  expect(result.steps[1]).toMatchObject({ id: 'draft', mode: 'primary' });
  expect(result.results.draft).toMatchObject({ by: 'writer' });
});

test('a router picks each next agent from the steps so far, then finishes with a result', async () => {
  const result = await env.run({
    goal: 'Write a brief on durable execution',
    router: { agent: 'planner', input: { topic: 'durable execution' } },
  });
  expect(result.steps.filter((step) => step.kind === 'agent').map((step) => step.agent)).toEqual([
    'researcher',
    'writer',
  ]);
  expect(result.output).toMatchObject({ by: 'writer' });
});

test('the client API of docs/orchestration.md: start, status, result, list, agents', async () => {
  const handle = await env.client.start(brief, { id: 'brief-for-the-docs' });
  const result = await handle.result();
  expect(result).toMatchObject({ orchestrationId: 'brief-for-the-docs', status: 'completed' });
  expect(await env.client.status('brief-for-the-docs')).toMatchObject({ phase: 'completed' });
  const completed = await env.client.list({ status: 'completed' });
  expect(completed.map((row) => row.id)).toContain('brief-for-the-docs');
  // The reviewer's pool never ran: the registry counts its failures in a row (two earlier tests, at least).
  const reviewer = (await env.client.agents()).find((row) => row.agent === 'reviewer');
  expect(reviewer?.consecutiveFailures).toBeGreaterThanOrEqual(2);
});
