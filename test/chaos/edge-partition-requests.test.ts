/**
 * The edge fallback across a partition between the application and the server (the chaos suite's TCP proxy):
 * 100 requests before, during and after the cut each end exactly once, and a request the server got just before
 * the cut, retried at the edge after it, stays one orchestration.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SteadfastClient } from '../../src/client';
import type { EdgeRunResult } from '../../src/client';
import type { OrchestrationRequestInput } from '../../src/config/orchestration-request';
import { splitAddress, startTcpProxy, type TcpProxy } from '../support/chaos/tcp-proxy';
import { edgeAgent, EffectCounter } from '../support/edge/edge-agents';
import { startSteadfastEnv, type SteadfastEnv, type WorkersContext } from '../support/steadfast-env';
import { waitUntil } from '../support/wait-until';

jest.setTimeout(240_000);

let env: SteadfastEnv;
let dir: string;
beforeAll(async () => {
  env = await startSteadfastEnv();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-edge-partition-'));
});
afterAll(async () => {
  await env?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function edgeClient(ctx: WorkersContext, proxy: TcpProxy, agents: ReturnType<typeof edgeAgent>[]) {
  return SteadfastClient.connect({
    address: proxy.address,
    taskQueue: ctx.taskQueue,
    edge: {
      outbox: path.join(dir, `outbox-${randomUUID()}.db`),
      agents,
      drain: { initialBackoff: 100, maxBackoff: 1_000, startTimeout: 2_000, maxConcurrentStarts: 4 },
    },
  });
}

async function runsOnServer(taskQueue: string): Promise<Map<string, number>> {
  const runs = new Map<string, number>();
  for await (const info of env.test.client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    runs.set(info.workflowId, (runs.get(info.workflowId) ?? 0) + 1);
  }
  return runs;
}

test('100 requests across a partition: every one ends exactly once, none lost', async () => {
  const counter = new EffectCounter();
  const writer = edgeAgent(counter);
  await env.withWorkers({ agents: [writer] }, async (ctx) => {
    const proxy = await startTcpProxy(splitAddress(env.test.server.address));
    const client = await edgeClient(ctx, proxy, [writer]);
    const request = (n: number): OrchestrationRequestInput =>
      ctx.request({
        goal: `request ${n}`,
        plan: {
          steps: [
            { id: 'draft', agent: writer.name, input: `r${n}` },
            { id: 'review', agent: writer.name, input: `r${n}-review`, dependsOn: ['draft'] },
          ],
        },
      });
    const ids = Array.from({ length: 100 }, (_, n) => `part-${n}-${randomUUID().slice(0, 8)}`);
    const run = (n: number, after: string): Promise<EdgeRunResult> =>
      client.run(request(n), {
        id: ids[n]!,
        unreachable: { after, then: n % 2 === 0 ? 'queue' : 'autonomous' },
      });
    try {
      const outcomes = new Map<string, EdgeRunResult>();
      const phase = async (from: number, to: number, after: string) => {
        const settled = await Promise.all(
          Array.from({ length: to - from }, (_, k) =>
            run(from + k, after).then((outcome) => [ids[from + k]!, outcome] as const),
          ),
        );
        for (const [id, outcome] of settled) outcomes.set(id, outcome);
      };
      await phase(0, 30, '10s');
      proxy.cut();
      await phase(30, 70, '300ms');
      proxy.heal();
      await phase(70, 100, '10s');

      // Every queued request ends on the server; every autonomous answer is recorded.
      const results = await Promise.all(
        ids.map((id) =>
          outcomes.get(id)!.mode === 'queued' ? client.outbox.wait(id) : Promise.resolve(outcomes.get(id)!),
        ),
      );
      expect(results.map((result) => result.status)).toEqual(ids.map(() => 'completed'));
      await waitUntil(() => client.outbox.list().length === 0, { what: 'the outbox drained', timeoutMs: 60_000 });

      const modes = [...outcomes.values()].map((outcome) => outcome.mode);
      expect(modes.filter((mode) => mode !== 'server').length).toBeGreaterThanOrEqual(40);
      const runs = await waitUntil(
        async () => {
          const found = await runsOnServer(ctx.taskQueue);
          return ids.every((id) => found.has(id)) ? found : undefined;
        },
        { what: 'all 100 requests on the server', timeoutMs: 30_000 },
      );
      expect(ids.filter((id) => runs.get(id) !== 1)).toEqual([]);
      for (const id of ids) {
        const edgeAnswered = outcomes.get(id)!.mode === 'autonomous';
        for (const step of ['draft', 'review']) {
          const done = counter.runsOf(id, step);
          // Exactly one execution per step, on the side that answered the request.
          expect([id, step, done]).toEqual([
            id,
            step,
            edgeAnswered ? { primary: 0, autonomous: 1 } : { primary: 1, autonomous: 0 },
          ]);
        }
      }
      expect(counter.effects.size).toBe(200);
      expect(counter.duplicated()).toEqual([]);
    } finally {
      await client.close();
      await proxy.close();
    }
  });
});

test('a request the server got just before the cut, retried at the edge after it, is one orchestration', async () => {
  const counter = new EffectCounter();
  const writer = edgeAgent(counter);
  await env.withWorkers({ agents: [writer] }, async (ctx) => {
    const proxy = await startTcpProxy(splitAddress(env.test.server.address));
    const client = await edgeClient(ctx, proxy, [writer]);
    const request = (goal: string): OrchestrationRequestInput =>
      ctx.request({ goal, plan: { steps: [{ id: 'only', agent: writer.name, input: goal }] } });
    const queuedId = `cut-q-${randomUUID()}`;
    const answeredId = `cut-a-${randomUUID()}`;
    try {
      // The server accepted these starts; the application never saw the answers (here: sent on another path).
      await ctx.client.start(request('q'), { id: queuedId });
      await ctx.client.start(request('a'), { id: answeredId });
      await ctx.client.result(queuedId);
      await ctx.client.result(answeredId);
      proxy.cut();
      const queued = await client.run(request('q'), { id: queuedId, unreachable: { after: '300ms', then: 'queue' } });
      const answered = await client.run(request('a'), {
        id: answeredId,
        unreachable: { after: '300ms', then: 'autonomous' },
      });
      expect([queued.mode, answered.mode]).toEqual(['queued', 'autonomous']);
      proxy.heal();

      await expect(client.outbox.wait(queuedId)).resolves.toMatchObject({ output: 'primary:q' });
      await waitUntil(() => client.outbox.get(answeredId)?.state === 'settled', {
        what: 'the edge answer reconciled',
        timeoutMs: 60_000,
      });
      expect(client.outbox.get(queuedId)?.outcome).toBe('already_started');
      expect(client.outbox.get(answeredId)?.outcome).toBe('superseded');
      const runs = await runsOnServer(ctx.taskQueue);
      expect([runs.get(queuedId), runs.get(answeredId)]).toEqual([1, 1]);
      // The edge's autonomous run met the side effect already applied under the same idempotency key.
      expect(counter.runsOf(answeredId, 'only')).toEqual({ primary: 1, autonomous: 1 });
      expect(counter.runsOf(queuedId, 'only')).toEqual({ primary: 1, autonomous: 0 });
      expect(counter.effects.get(`${answeredId}/only`)).toBe(1);
      expect(counter.duplicated()).toEqual([]);
    } finally {
      await client.close();
      await proxy.close();
    }
  });
});
