/**
 * The edge fallback with no server at all: autonomous answers from the agents' autonomous handlers, queued requests
 * in the outbox, a clear error with "fail"; then the server starts, the outbox drains by itself, the queued request
 * runs, the autonomous answer appears as a recorded orchestration, an expired one is refused, nothing twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { CoordinatorUnreachableError, OrchestrationFailedError, SteadfastClient } from '../../../src/client';
import type { OrchestrationRequestInput } from '../../../src/config/orchestration-request';
import { edgeAgent, EffectCounter } from '../../support/edge/edge-agents';
import { startLateServer, type LateServer } from '../../support/edge/late-server';
import { freePort } from '../../support/free-port';
import { waitUntil } from '../../support/wait-until';

jest.setTimeout(120_000);

let dir: string;
let late: LateServer | undefined;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-edge-'));
});
afterAll(async () => {
  await late?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('server down: autonomous answers at the edge, queue waits, fail refuses; the server returns and reconciles', async () => {
  const counter = new EffectCounter();
  const writer = edgeAgent(counter);
  const port = await freePort();
  const taskQueue = `edge-${randomUUID()}`;
  const client = await SteadfastClient.connect({
    address: `127.0.0.1:${port}`,
    taskQueue,
    edge: {
      outbox: path.join(dir, 'outbox.db'),
      agents: [writer],
      drain: { initialBackoff: 100, maxBackoff: 400, startTimeout: 2_000 },
    },
  });
  const request = (goal: string, extra: Partial<OrchestrationRequestInput> = {}): OrchestrationRequestInput => ({
    goal,
    plan: {
      steps: [
        { id: 'draft', agent: writer.name, input: goal },
        { id: 'review', agent: writer.name, input: `${goal}-review`, dependsOn: ['draft'] },
      ],
    },
    agentHealth: { enabled: false },
    visibility: { searchAttributes: true },
    ...extra,
  });
  const ids = {
    autonomous: `edge-a-${randomUUID()}`,
    queued: `edge-q-${randomUUID()}`,
    expired: `edge-x-${randomUUID()}`,
  };

  try {
    const answered = await client.run(request('a'), {
      id: ids.autonomous,
      unreachable: { after: '300ms', then: 'autonomous' },
    });
    expect(answered).toMatchObject({
      mode: 'autonomous',
      reason: 'coordinator_unreachable',
      status: 'completed',
      output: 'autonomous:a-review',
    });
    expect(
      answered.mode === 'autonomous' && answered.steps.map((step) => [step.id, step.mode, step.fallbackReason]),
    ).toEqual([
      ['draft', 'autonomous', 'coordinator_unreachable'],
      ['review', 'autonomous', 'coordinator_unreachable'],
    ]);

    const queued = await client.run(request('q'), { id: ids.queued, unreachable: { after: '300ms', then: 'queue' } });
    expect(queued).toEqual({
      mode: 'queued',
      status: 'queued',
      orchestrationId: ids.queued,
      reason: 'coordinator_unreachable',
    });
    const expiring = await client.run(request('x', { deadline: 1 }), {
      id: ids.expired,
      unreachable: { after: '300ms', then: 'queue' },
    });
    expect(expiring.mode).toBe('queued');

    // Decided at the edge and on disk before the caller was answered: visible to another process reading the file.
    expect(
      client.outbox
        .list()
        .map((entry) => [entry.id, entry.decision, entry.state])
        .sort(),
    ).toEqual(
      [
        [ids.autonomous, 'autonomous', 'pending'],
        [ids.queued, 'queue', 'pending'],
        [ids.expired, 'queue', 'pending'],
      ].sort(),
    );

    const failId = `edge-f-${randomUUID()}`;
    const refusal = await client
      .run(request('f'), { id: failId, unreachable: { after: '300ms', then: 'fail' } })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CoordinatorUnreachableError);
    expect((refusal as Error).message).toMatch(/did not accept orchestration "edge-f-.*" within 300 ms/);
    expect(client.outbox.get(failId)).toBeUndefined();

    expect(counter.runsOf(ids.autonomous, 'draft')).toEqual({ primary: 0, autonomous: 1 });
    expect(counter.runsOf(ids.queued, 'draft')).toEqual({ primary: 0, autonomous: 0 });

    late = await startLateServer({ port, taskQueue, agents: [writer] });

    // The outbox drains by itself: nobody calls drain().
    await expect(client.outbox.wait(ids.queued)).resolves.toMatchObject({
      status: 'completed',
      output: 'primary:q-review',
    });
    const stale = await client.outbox.wait(ids.expired).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(OrchestrationFailedError);
    expect((stale as OrchestrationFailedError).type).toBe('StaleInstruction');
    await waitUntil(() => client.outbox.get(ids.autonomous)?.state === 'settled', { what: 'the edge answer recorded' });
    expect(Object.fromEntries(client.outbox.list({ all: true }).map((entry) => [entry.id, entry.outcome]))).toEqual({
      [ids.autonomous]: 'recorded',
      [ids.queued]: 'started',
      [ids.expired]: 'expired',
    });

    // The autonomous answer is an orchestration on the server now: status, list, and its result.
    const recordedStatus = await client.status(ids.autonomous);
    expect(recordedStatus).toMatchObject({ phase: 'completed', orchestrationId: ids.autonomous });
    expect(recordedStatus.steps.map((step) => step.mode)).toEqual(['autonomous', 'autonomous']);
    await expect(client.result(ids.autonomous)).resolves.toMatchObject({ output: 'autonomous:a-review' });
    const listed = await waitUntil(
      async () => {
        const rows = (await client.list()).filter((row) => Object.values(ids).includes(row.id));
        return rows.length === 3 && rows.every((row) => row.status !== 'running') ? rows : undefined;
      },
      { what: 'the three requests listed, settled', timeoutMs: 20_000 },
    );
    expect(Object.fromEntries(listed.map((row) => [row.id, [row.status, row.edge?.mode, row.edge?.reason]]))).toEqual({
      [ids.autonomous]: ['completed', 'autonomous', 'coordinator_unreachable'],
      [ids.queued]: ['completed', undefined, undefined],
      [ids.expired]: ['failed', 'expired', 'stale_instruction'],
    });

    // Nothing twice: each step ran once, on the branch that answered; the expired one never ran.
    expect(counter.runsOf(ids.autonomous, 'draft')).toEqual({ primary: 0, autonomous: 1 });
    expect(counter.runsOf(ids.autonomous, 'review')).toEqual({ primary: 0, autonomous: 1 });
    expect(counter.runsOf(ids.queued, 'draft')).toEqual({ primary: 1, autonomous: 0 });
    expect(counter.runsOf(ids.queued, 'review')).toEqual({ primary: 1, autonomous: 0 });
    expect(counter.runsOf(ids.expired, 'draft')).toEqual({ primary: 0, autonomous: 0 });
    expect(counter.duplicated()).toEqual([]);
    for (const id of Object.values(ids)) {
      const runs = [];
      for await (const info of late.client.workflow.list({ query: `WorkflowId = '${id}'` })) runs.push(info.runId);
      expect(runs).toHaveLength(1);
    }

    // A retry of a decided request gets the same decision, not a second run.
    await expect(
      client.run(request('a'), { id: ids.autonomous, unreachable: { after: '300ms', then: 'autonomous' } }),
    ).resolves.toMatchObject({ mode: 'autonomous', output: 'autonomous:a-review' });
    expect(counter.runsOf(ids.autonomous, 'draft')).toEqual({ primary: 0, autonomous: 1 });
  } finally {
    await client.close();
  }
});
