/**
 * Agents refuse stale instructions with a non-retryable StaleInstruction failure, without running their handler:
 * an instruction past its deadline, and one for a step its orchestration has already settled (found out by asking
 * the orchestration, as the pool's dispatch probe does for instructions that waited in the queue).
 */
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { defineAgent } from '../../../src/activities/define-agent';
import { idempotencyKeyFor } from '../../../src/orchestration/names';
import type { AgentInstruction } from '../../../src/orchestration/types';
import type { RawDispatch, RawDispatchOutcome } from '../../fixtures/workflows/raw-instruction';
import { Journal } from '../../fixtures/agents/recording';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';
import { waitUntil } from '../../support/wait-until';
import { testLogger } from '../../support/test-log';

let env: SteadfastEnv;
let senderBundle: { code: string };
beforeAll(async () => {
  env = await startSteadfastEnv();
  senderBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../fixtures/workflows/raw-instruction'),
    logger: testLogger('bundler'),
  });
});
afterAll(async () => env?.close());

// Long enough that the probe (given a third of it) is answered on a loaded machine.
const HEARTBEAT_TIMEOUT_MS = 1_500;

test('expired and overtaken instructions are refused without running the handler, and never retried', async () => {
  const journal = new Journal();
  const writer = defineAgent({
    name: uniqueAgentName('writer'),
    handler: journal.recorded(async () => 'draft'),
    retry: { maxAttempts: 1 },
  });
  const recipient = defineAgent({
    name: uniqueAgentName('recipient'),
    handler: journal.recorded(async () => 'should not run'),
  });

  await env.withWorkers({ agents: [writer, recipient], pool: [writer] }, async ({ client, request, startPool }) => {
    // A live orchestration whose "draft" step is settled, now waiting for an approval.
    const orchestration = await client.start(
      request({
        goal: 'g',
        plan: {
          steps: [
            { id: 'draft', agent: writer.name },
            { id: 'review', kind: 'approval', dependsOn: ['draft'], timeout: '1m' },
          ],
        },
      }),
    );
    await waitUntil(async () => (await orchestration.status()).steps[1]!.state === 'awaiting_approval', {
      what: 'the draft to settle',
    });

    const senderQueue = env.test.taskQueue('raw-sender');
    const sender = await Worker.create({
      connection: env.test.nativeConnection,
      taskQueue: senderQueue,
      workflowBundle: senderBundle,
    });
    await sender.runUntil(async () => {
      const instruction = (stepId: string, deadline: number): AgentInstruction => ({
        identity: {
          orchestrationId: orchestration.id,
          stepId,
          dispatch: 0,
          agent: recipient.name,
          mode: 'primary',
          idempotencyKey: idempotencyKeyFor(orchestration.id, stepId),
          deadline,
        },
        task: { goal: 'g', input: null, results: {} },
      });
      const send = (dispatch: AgentInstruction) =>
        env.test.client.workflow.start('sendRawInstruction', {
          taskQueue: senderQueue,
          workflowId: env.test.workflowId('raw'),
          args: [
            {
              agent: recipient.name,
              taskQueue: recipient.taskQueue,
              instruction: dispatch,
              heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS,
              maxAttempts: 5,
            } satisfies RawDispatch,
          ],
        });

      // Overtaken: the instruction for "draft" waits in the queue (no recipient pool yet) for longer than a heartbeat
      // timeout, so the agent asks the orchestration whether it still wants it before running anything.
      const overtaken = await send(instruction('draft', Date.now() + 60_000));
      await waitUntil(async () => ((await overtaken.describe()).raw.pendingActivities ?? []).length === 1, {
        what: 'the overtaken instruction to be queued',
      });
      await new Promise((resolve) => setTimeout(resolve, 2 * HEARTBEAT_TIMEOUT_MS));
      await startPool([recipient]);
      const overtakenOutcome: RawDispatchOutcome = await overtaken.result();
      expect(overtakenOutcome).toMatchObject({
        answered: false,
        errorType: 'StaleInstruction',
        nonRetryable: true,
        retryState: 'NON_RETRYABLE_FAILURE',
      });
      expect(overtakenOutcome.message).toContain('no longer awaits dispatch 0');

      // Expired: past its deadline, refused on sight.
      const expiredOutcome: RawDispatchOutcome = await (await send(instruction('review', Date.now() - 1_000))).result();
      expect(expiredOutcome).toMatchObject({
        answered: false,
        errorType: 'StaleInstruction',
        nonRetryable: true,
        retryState: 'NON_RETRYABLE_FAILURE',
      });
      expect(expiredOutcome.message).toContain('expired at');
    });

    expect(journal.count('started', { agent: recipient.name })).toBe(0);
    await client.approve(orchestration.id, 'review');
    expect((await orchestration.result()).status).toBe('completed');
    expect(journal.count('started', { agent: writer.name })).toBe(1);
  });
});
