/**
 * Scenario 7: the edge fallback across a partition between the application and the server. A client with an edge
 * outbox and autonomous agents talks to the server through the chaos TCP proxy; requests arrive before, during and
 * after a cut, half queued and half answered at the edge while it lasts. Every request ends once: one run per id on
 * the server, one side effect per idempotency key, and the outbox drains after the heal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SteadfastClient } from '../../../../src/client';
import type { EdgeRunResult } from '../../../../src/client';
import type { OrchestrationResult, OutboxEntry } from '../../../../src/client';
import { edgeAgent, EffectCounter } from '../../edge/edge-agents';
import { startSteadfastEnv, type SteadfastEnv } from '../../steadfast-env';
import { waitUntil } from '../../wait-until';
import { progressTicker, type ScenarioLog } from '../scenario-kit';
import type { ScenarioReport } from '../scenario-report';
import { splitAddress, startTcpProxy } from '../tcp-proxy';

export interface EdgePartitionOptions {
  /** Requests in all: 30 % before the cut, 40 % during it, 30 % after the heal. */
  readonly requests: number;
  /** How long the client waits for the server before the edge decides (during the cut). */
  readonly unreachableAfter: string;
  /** The cut lasts this long at least; the requests of the cut arrive evenly spread over it. */
  readonly cutForMs: number;
  readonly settleWithinMs: number;
}

/** Keys of the scenario's figures (tests look them up by these). */
export const EDGE_FIGURES = {
  requests: 'requests',
  startedOnServer: 'started on the server (one run each)',
  answeredAtEdge: 'answered at the edge (autonomous)',
  queued: 'queued in the outbox',
  reconciled: 'reconciled (outbox entries settled)',
  lost: 'lost',
  duplicated: 'duplicated (ids with two runs + keys acted on twice)',
  stepsRerunAbsorbed: 'step re-runs absorbed by the idempotency key',
  decidedAfterHeal: 'requests arriving after the heal, decided at the edge all the same',
  lastEdgeAfterHealMs: 'heal → the last arrival decided at the edge (ms)',
  outcomes: 'outbox entries by outcome',
  cutMs: 'cut lasted (ms)',
  drainMs: 'heal → outbox drained (ms)',
} as const;

const STEPS = ['draft', 'review'] as const;

async function runsOnServer(env: SteadfastEnv, taskQueue: string): Promise<Map<string, number>> {
  const runs = new Map<string, number>();
  for await (const info of env.test.client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    runs.set(info.workflowId, (runs.get(info.workflowId) ?? 0) + 1);
  }
  return runs;
}

/** The result of `promise`, or undefined when it takes longer than `ms` (the request counts as lost). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

/** "started 40, recorded 30, superseded 10": how the drain settled the outbox's entries. */
function byOutcome(entries: readonly OutboxEntry[]): string {
  const counts = new Map<string, number>();
  for (const entry of entries)
    counts.set(entry.outcome ?? entry.state, (counts.get(entry.outcome ?? entry.state) ?? 0) + 1);
  return [...counts].map(([outcome, n]) => `${outcome} ${n}`).join(', ');
}

export async function runEdgePartition(options: EdgePartitionOptions, log: ScenarioLog): Promise<ScenarioReport> {
  const began = Date.now();
  const env = await startSteadfastEnv();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-chaos-edge-'));
  const counter = new EffectCounter();
  const writer = edgeAgent(counter);
  try {
    return await env.withWorkers({ agents: [writer] }, async (ctx) => {
      const proxy = await startTcpProxy(splitAddress(env.test.server.address));
      const client = await SteadfastClient.connect({
        address: proxy.address,
        taskQueue: ctx.taskQueue,
        edge: {
          outbox: path.join(dir, 'outbox.db'),
          agents: [writer],
          drain: { initialBackoff: 100, maxBackoff: 1_000, startTimeout: 2_000, maxConcurrentStarts: 4 },
        },
      });
      try {
        const total = options.requests;
        const cutFrom = Math.round(total * 0.3);
        const healFrom = Math.round(total * 0.7);
        const ids = Array.from({ length: total }, (_, n) => `edge-${n}-${randomUUID().slice(0, 8)}`);
        const outcomes = new Map<string, EdgeRunResult>();
        const arrivedAt = new Map<string, number>();
        /** Requests from..to-1, arriving `spreadMs / count` apart, each settled or timed out. */
        const phase = async (from: number, to: number, after: string, spreadMs = 0) => {
          const gapMs = spreadMs / Math.max(1, to - from);
          const settled = await Promise.all(
            ids.slice(from, to).map(async (id, k) => {
              const n = from + k;
              if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, k * gapMs));
              arrivedAt.set(id, Date.now());
              const request = ctx.request({
                goal: `request ${n}`,
                plan: {
                  steps: [
                    { id: 'draft', agent: writer.name, input: `r${n}` },
                    { id: 'review', agent: writer.name, input: `r${n}-review`, dependsOn: ['draft'] },
                  ],
                },
              });
              const outcome = await within(
                client.run(request, { id, unreachable: { after, then: n % 2 === 0 ? 'queue' : 'autonomous' } }),
                options.settleWithinMs,
              );
              return [id, outcome] as const;
            }),
          );
          for (const [id, outcome] of settled) if (outcome) outcomes.set(id, outcome);
        };

        log(
          `  ${total} requests of two steps: ${cutFrom} before the cut, ${healFrom - cutFrom} during, the rest after`,
        );
        await phase(0, cutFrom, '10s');
        proxy.cut();
        const cutAt = Date.now();
        log(`  cut the client from the server for ${options.cutForMs} ms`);
        const during = phase(cutFrom, healFrom, options.unreachableAfter, options.cutForMs);
        await new Promise((resolve) => setTimeout(resolve, options.cutForMs));
        // The last requests of the cut are decided at the edge before the heal.
        await during;
        proxy.heal();
        const healedAt = Date.now();
        log(`  healed; ${proxy.refused} connection attempts were refused during the cut`);
        const stopProgress = progressTicker(log, () => `  ${client.outbox.list().length} outbox entries still open`);
        try {
          await phase(healFrom, total, '10s');
          // Queued requests end on the server; autonomous answers are recorded there.
          const results = new Map<string, OrchestrationResult | undefined>();
          await Promise.all(
            ids.map(async (id) => {
              const outcome = outcomes.get(id);
              if (outcome === undefined) return;
              results.set(
                id,
                outcome.mode === 'queued' ? await within(client.outbox.wait(id), options.settleWithinMs) : outcome,
              );
            }),
          );
          await within(
            waitUntil(() => client.outbox.list().length === 0, {
              what: 'the outbox drained',
              timeoutMs: options.settleWithinMs,
            }),
            options.settleWithinMs,
          );
        } finally {
          stopProgress();
        }
        const drainedAt = Math.max(
          healedAt,
          ...client.outbox
            .list({ all: true })
            .map((entry) => entry.settledAt ?? Number.POSITIVE_INFINITY)
            .filter((at) => at !== Number.POSITIVE_INFINITY),
        );
        const stillOpen = client.outbox.list().length;

        const runs = await within(
          waitUntil(
            async () => {
              const found = await runsOnServer(env, ctx.taskQueue);
              return ids.every((id) => found.has(id)) ? found : undefined;
            },
            { what: 'every request on the server', timeoutMs: 30_000 },
          ),
          35_000,
        ).then((found) => found ?? runsOnServer(env, ctx.taskQueue));

        const modes = ids.map((id) => outcomes.get(id)?.mode);
        const completedIds = ids.filter((id) => {
          const outcome = outcomes.get(id);
          if (outcome === undefined) return false;
          if (outcome.mode !== 'queued') return outcome.status === 'completed';
          return client.outbox.get(id)?.state === 'settled' && client.outbox.get(id)?.outcome !== 'expired';
        });
        // Lost: no answer, never on the server, or a step whose side effect never happened.
        const lost = ids.filter(
          (id) =>
            !completedIds.includes(id) || !runs.has(id) || STEPS.some((step) => !counter.effects.has(`${id}/${step}`)),
        ).length;
        const twoRuns = ids.filter((id) => (runs.get(id) ?? 0) > 1).length;
        const actedTwice = counter.duplicated().length;
        let executions = 0;
        let reRuns = 0;
        for (const runsOfStep of counter.executions.values()) {
          const n = runsOfStep.primary + runsOfStep.autonomous;
          executions += n;
          reRuns += Math.max(0, n - 1);
        }
        const edgeEntries = client.outbox.list({ all: true });
        const edgeAfterHeal = ids
          .slice(healFrom)
          .filter((id) => outcomes.get(id) !== undefined && outcomes.get(id)!.mode !== 'server')
          .map((id) => arrivedAt.get(id)!);
        return {
          scenario: 'edge-partition',
          title: '7. Partition: application (edge outbox) ↔ server',
          failure:
            `The TCP connections between an application's client (edge outbox, autonomous agents) and the server are cut ` +
            `for ${(options.cutForMs / 1000).toFixed(0)} s while ${healFrom - cutFrom} of ${total} requests arrive, half with then 'queue' and half 'autonomous', then healed.`,
          orchestrations: total,
          completed: completedIds.length,
          viaFallback: modes.filter((mode) => mode === 'autonomous').length,
          failed: 0,
          refused: 0,
          lost,
          duplicates: twoRuns + actedTwice,
          detectionMs: null,
          recoveryMs: drainedAt - healedAt,
          detection: 'not measured: the edge decides after the `after` wait of each request',
          recovery: 'heal → the last outbox entry settled (queued requests started, edge answers recorded)',
          ledger: {
            executions,
            effects: counter.effects.size,
            duplicates: actedTwice,
            reRunsAbsorbed: reRuns,
            abandoned: 0,
            staleActs: 0,
            actedAfterDeadline: 0,
          },
          figures: {
            [EDGE_FIGURES.requests]: total,
            [EDGE_FIGURES.startedOnServer]: ids.filter((id) => runs.get(id) === 1).length,
            [EDGE_FIGURES.answeredAtEdge]: modes.filter((mode) => mode === 'autonomous').length,
            [EDGE_FIGURES.queued]: modes.filter((mode) => mode === 'queued').length,
            [EDGE_FIGURES.reconciled]: edgeEntries.filter((entry) => entry.state === 'settled').length,
            [EDGE_FIGURES.lost]: lost,
            [EDGE_FIGURES.duplicated]: twoRuns + actedTwice,
            [EDGE_FIGURES.stepsRerunAbsorbed]: reRuns,
            [EDGE_FIGURES.decidedAfterHeal]: modes.slice(healFrom).filter((mode) => mode !== 'server').length,
            [EDGE_FIGURES.lastEdgeAfterHealMs]: edgeAfterHeal.length > 0 ? Math.max(...edgeAfterHeal) - healedAt : null,
            [EDGE_FIGURES.outcomes]: byOutcome(edgeEntries),
            [EDGE_FIGURES.cutMs]: healedAt - cutAt,
            [EDGE_FIGURES.drainMs]: stillOpen === 0 ? drainedAt - healedAt : null,
          },
          wallMs: Date.now() - began,
        };
      } finally {
        await client.close();
        await proxy.close();
      }
    });
  } finally {
    await env.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
