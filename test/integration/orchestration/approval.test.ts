/** Approval steps: a person's decision arrives as an update once the step waits; without one, the timeout decides. */
import { defineAgent } from '../../../src/activities/define-agent';
import { OrchestrationFailedError } from '../../../src/client';
import { Journal } from '../../fixtures/agents/recording';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';
import { waitUntil } from '../../support/wait-until';

let env: SteadfastEnv;
beforeAll(async () => {
  env = await startSteadfastEnv();
});
afterAll(async () => env?.close());

const quick = { timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' }, retry: { maxAttempts: 1 } };

function reviewedPlan(agent: string, review: Record<string, unknown>) {
  return {
    steps: [
      { id: 'draft', agent },
      { id: 'review', kind: 'approval' as const, dependsOn: ['draft'], prompt: 'publish this?', ...review },
      { id: 'publish', agent, dependsOn: ['review'] },
    ],
  };
}

test('an approval waits for the decision, which the next step receives', async () => {
  const journal = new Journal();
  const writer = defineAgent({
    name: uniqueAgentName('writer'),
    handler: journal.recorded(async (task, ctx) => ({ step: ctx.stepId, saw: task.results })),
    ...quick,
  });

  await env.withWorkers({ agents: [writer] }, async ({ client, request }) => {
    const handle = await client.start(request({ goal: 'g', plan: reviewedPlan(writer.name, { timeout: '30s' }) }));
    const waiting = await waitUntil(
      async () => {
        const status = await handle.status();
        return status.steps[1]!.state === 'awaiting_approval' ? status : undefined;
      },
      { what: 'the approval step to wait' },
    );
    expect(waiting.steps.map((step) => step.state)).toEqual(['succeeded', 'awaiting_approval', 'pending']);

    await client.approve(handle.id, 'review', { by: 'alice', comment: 'ship it' });
    const result = await handle.result();
    expect(result.steps.map((step) => [step.id, step.state, step.mode])).toEqual([
      ['draft', 'succeeded', 'primary'],
      ['review', 'succeeded', 'approval'],
      ['publish', 'succeeded', 'primary'],
    ]);
    expect(result.output).toEqual({
      step: 'publish',
      saw: { review: expect.objectContaining({ approved: true, by: 'alice', comment: 'ship it' }) },
    });
  });
});

test('an approval nobody answers times out; by default that rejects it and fails the orchestration', async () => {
  const journal = new Journal();
  const writer = defineAgent({
    name: uniqueAgentName('writer'),
    handler: journal.recorded(async () => 'text'),
    ...quick,
  });

  await env.withWorkers({ agents: [writer] }, async ({ client, request }) => {
    const failure = await client
      .run(request({ goal: 'g', plan: reviewedPlan(writer.name, { timeout: '500ms' }) }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(OrchestrationFailedError);
    expect(failure).toMatchObject({ type: 'ApprovalRejected', stepId: 'review' });
    expect((failure as Error).message).toContain('approval step "review" timed out without a decision');
    const steps = (failure as OrchestrationFailedError).status!.steps;
    expect(steps.map((step) => step.state)).toEqual(['succeeded', 'failed', 'cancelled']);
    expect(journal.count('started', { stepId: 'publish' })).toBe(0);
  });
});

test('a timeout configured to approve, and a rejection configured to continue, both let the plan go on', async () => {
  const writer = defineAgent({ name: uniqueAgentName('writer'), handler: async (task) => task.results, ...quick });

  await env.withWorkers({ agents: [writer] }, async ({ client, request }) => {
    const autoApproved = await client.run(
      request({ goal: 'g', plan: reviewedPlan(writer.name, { timeout: '300ms', onTimeout: 'approve' }) }),
    );
    expect(autoApproved.output).toEqual({ review: expect.objectContaining({ approved: true, timedOut: true }) });

    const handle = await client.start(
      request({ goal: 'g', plan: reviewedPlan(writer.name, { timeout: '30s', onReject: 'continue' }) }),
    );
    await waitUntil(async () => (await handle.status()).steps[1]!.state === 'awaiting_approval', {
      what: 'the approval step to wait',
    });
    await client.reject(handle.id, 'review', { by: 'bob', comment: 'not now' });
    const result = await handle.result();
    expect(result.output).toEqual({
      review: expect.objectContaining({ approved: false, by: 'bob', comment: 'not now' }),
    });
  });
});
