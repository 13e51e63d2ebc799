/**
 * Approve, reject, pause, resume and cancel as Workflow Updates: the caller learns at once whether the orchestration
 * accepted it, refusals carry the reason, nothing is held for later; and a run ended from outside shows as such.
 */
import { defineAgent } from '../../../src/activities/define-agent';
import { OperationRefusedError, OrchestrationFailedError, type SteadfastClient } from '../../../src/client';
import type { OrchestrationStatus } from '../../../src/orchestration/status-view';
import { gate, Journal } from '../../fixtures/agents/recording';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';
import { waitUntil } from '../../support/wait-until';

let env: SteadfastEnv;
beforeAll(async () => {
  env = await startSteadfastEnv();
});
afterAll(async () => env?.close());

const quick = { timeouts: { scheduleToStart: '5s', startToClose: '20s', heartbeat: '2s' }, retry: { maxAttempts: 1 } };

function reviewedPlan(agent: string) {
  return {
    steps: [
      { id: 'draft', agent },
      { id: 'review', kind: 'approval' as const, dependsOn: ['draft'], prompt: 'publish this draft?', timeout: '1m' },
      { id: 'publish', agent, dependsOn: ['review'] },
    ],
  };
}

async function refusal(operation: Promise<unknown>): Promise<OperationRefusedError> {
  const error = await operation.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OperationRefusedError);
  return error as OperationRefusedError;
}

function waitForApproval(client: SteadfastClient, id: string): Promise<OrchestrationStatus> {
  return waitUntil(
    async () => {
      const status = await client.status(id);
      return status.steps.find((step) => step.id === 'review')?.state === 'awaiting_approval' ? status : undefined;
    },
    { what: 'the review step to wait for approval' },
  );
}

test('approvals before the step waits, for unknown or agent steps, and twice are refused with the reason', async () => {
  const journal = new Journal();
  const draftMayFinish = gate();
  // Publishing waits too, so the run is still open when the second decision arrives (else it is refused as ended).
  const publishMayFinish = gate();
  const writer = defineAgent({
    name: uniqueAgentName('writer'),
    handler: journal.recorded(async (_task, ctx) => {
      if (ctx.stepId === 'draft') await draftMayFinish.opened;
      if (ctx.stepId === 'publish') await publishMayFinish.opened;
      return `${ctx.stepId} text`;
    }),
    ...quick,
  });

  await env.withWorkers({ agents: [writer] }, async ({ client, request }) => {
    const handle = await client.start(
      request({ goal: 'g', plan: reviewedPlan(writer.name), visibility: { searchAttributes: true } }),
    );
    await waitUntil(() => journal.count('started', { stepId: 'draft' }) === 1, { what: 'the draft to start' });

    // Finding 1: sent right after start, the approval is refused, not held.
    const early = await refusal(client.approve(handle.id, 'review', { by: 'mallory' }));
    expect(early.reason).toContain('step "review" is not waiting for approval yet (it is pending');
    expect(early.operation).toBe('approve');
    expect(early.message).not.toContain('\n');
    const unknown = await refusal(client.approve(handle.id, 'reveiw'));
    expect(unknown.reason).toBe('no step "reveiw" in this orchestration (approval steps: "review")');
    const agentStep = await refusal(client.reject(handle.id, 'draft'));
    expect(agentStep.reason).toBe('step "draft" is an agent step, not an approval step');

    draftMayFinish.open();
    const waiting = await waitForApproval(client, handle.id);
    const review = waiting.steps.find((step) => step.id === 'review')!;
    // Nothing was held: the step waits with no decision, and what it asks about is shown.
    expect(review.approval).toEqual({
      prompt: 'publish this draft?',
      subject: { draft: 'draft text' },
      expiresAt: expect.any(Number),
    });
    expect(journal.count('started', { stepId: 'publish' })).toBe(0);
    await waitUntil(
      async () => (await client.list({ status: 'awaiting_approval' })).some((row) => row.id === handle.id),
      { what: 'SteadfastStatus to say awaiting_approval' },
    );

    const before = Date.now();
    const decision = await client.approve(handle.id, 'review', { by: 'alice', comment: 'ship it' });
    expect(decision).toMatchObject({ approved: true, by: 'alice', comment: 'ship it' });
    expect(decision.at).toBeGreaterThanOrEqual(before - 1_000);

    const twice = await refusal(client.reject(handle.id, 'review', { by: 'bob' }));
    expect(twice.reason).toMatch(/^step "review" was already decided: approved by alice at \d{4}-\d\d-\d\dT/);
    publishMayFinish.open();

    const result = await handle.result();
    expect(result.status).toBe('completed');
    expect(journal.count('started', { stepId: 'publish' })).toBe(1);
    const recorded = result.steps.find((step) => step.id === 'review')!;
    expect(recorded.approval?.decision).toEqual(decision);
    expect(recorded.approval?.prompt).toBe('publish this draft?');
    const finished = await client.list({ status: 'completed' });
    expect(finished.some((row) => row.id === handle.id)).toBe(true);

    const late = await refusal(client.approve(handle.id, 'review'));
    expect(late.reason).toBe('the orchestration has already completed');
  });
});

test('a rejection ends the run with ApprovalRejected and records who rejected it and why', async () => {
  const journal = new Journal();
  const writer = defineAgent({
    name: uniqueAgentName('writer'),
    handler: journal.recorded(async () => 'text'),
    ...quick,
  });

  await env.withWorkers({ agents: [writer] }, async ({ client, request }) => {
    const handle = await client.start(request({ goal: 'g', plan: reviewedPlan(writer.name) }));
    await waitForApproval(client, handle.id);
    await client.reject(handle.id, 'review', { by: 'bob', comment: 'too long' });

    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OrchestrationFailedError);
    expect(failure).toMatchObject({ type: 'ApprovalRejected', stepId: 'review' });
    expect((failure as Error).message).toContain('approval step "review" was rejected by bob: too long');
    const review = (failure as OrchestrationFailedError).status!.steps.find((step) => step.id === 'review')!;
    expect(review.approval?.decision).toMatchObject({ approved: false, by: 'bob', comment: 'too long' });
    expect(journal.count('started', { stepId: 'publish' })).toBe(0);
  });
});

test('pause, resume and cancel are refused when they cannot apply; approve is refused while paused', async () => {
  const writer = defineAgent({ name: uniqueAgentName('writer'), handler: async () => 'text', ...quick });

  await env.withWorkers({ agents: [writer] }, async ({ client, request }) => {
    const handle = await client.start(request({ goal: 'g', plan: reviewedPlan(writer.name) }));
    await waitForApproval(client, handle.id);

    expect((await refusal(client.resume(handle.id))).reason).toBe('the orchestration is not paused');
    await client.pause(handle.id);
    expect((await client.status(handle.id)).phase).toBe('paused');
    expect((await refusal(client.pause(handle.id))).reason).toBe('the orchestration is already paused');
    expect((await refusal(client.approve(handle.id, 'review'))).reason).toBe(
      'the orchestration is paused; resume it before approving',
    );
    await client.resume(handle.id);
    expect((await client.status(handle.id)).phase).toBe('running');

    await client.cancel(handle.id, 'not needed any more');
    const result = await handle.result();
    expect(result.status).toBe('cancelled');
    expect((await refusal(client.cancel(handle.id))).reason).toBe('the orchestration has already cancelled');
    expect((await refusal(client.pause(handle.id))).reason).toBe('the orchestration has already cancelled');
  });
});

test('a run terminated through the Temporal client shows as terminated in status and list, and --status finds it', async () => {
  const writer = defineAgent({ name: uniqueAgentName('writer'), handler: async () => 'text', ...quick });

  await env.withWorkers({ agents: [writer] }, async ({ client, request }) => {
    const handle = await client.start(
      request({ goal: 'g', plan: reviewedPlan(writer.name), visibility: { searchAttributes: true } }),
    );
    await waitForApproval(client, handle.id);
    await client.temporal.workflow.getHandle(handle.id).terminate('operator pulled the plug');

    expect((await client.status(handle.id)).phase).toBe('terminated');
    const rows = await client.list();
    expect(rows.find((row) => row.id === handle.id)?.status).toBe('terminated');
    expect((await client.list({ status: 'terminated' })).map((row) => row.id)).toContain(handle.id);
    expect((await client.list({ status: 'running' })).map((row) => row.id)).not.toContain(handle.id);
    expect((await client.list({ status: 'awaiting_approval' })).map((row) => row.id)).not.toContain(handle.id);
    expect((await refusal(client.approve(handle.id, 'review'))).reason).toBe(
      'the orchestration has already terminated',
    );
  });
});
