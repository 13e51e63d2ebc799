/**
 * The in-memory baseline in a process of its own, so a benchmark can kill -9 it mid-run:
 *   node dist/bench/baseline/baseline-process.js '<BaselineRunSpec as JSON>'
 * Runs chain orchestrations through InMemoryOrchestrator with the benchmark agents, `concurrency` at a time, and prints
 * one JSON line per finished orchestration and a summary line at the end.
 */
import { z } from 'zod';
import { parseOrThrow } from '../../src/config/parse-config';
import { benchHang, benchStep } from '../agents/bench-agents';
import { runClosedLoop } from '../support/closed-loop';
import { chainRequest } from '../support/workload-requests';
import { InMemoryOrchestrator } from './in-memory-orchestrator';

export const BaselineRunSpecSchema = z.strictObject({
  orchestrations: z.number().int().min(1),
  concurrency: z.number().int().min(1),
  steps: z.number().int().min(1),
  /** Prefix of orchestration ids (the ledger's keys). */
  idPrefix: z.string().min(1),
});

export type BaselineRunSpec = z.output<typeof BaselineRunSpecSchema>;

export type BaselineLine =
  | { readonly type: 'completed'; readonly orchestrationId: string; readonly latencyMs: number }
  | { readonly type: 'summary'; readonly wallMs: number; readonly latenciesMs: number[]; readonly failures: string[] };

function emit(line: BaselineLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const spec = parseOrThrow(BaselineRunSpecSchema, JSON.parse(process.argv[2] ?? '{}'), 'baseline run');
  const orchestrator = new InMemoryOrchestrator([benchStep, benchHang]);
  const request = chainRequest({ steps: spec.steps });
  const figures = await runClosedLoop(spec.orchestrations, spec.concurrency, async (index) => {
    const orchestrationId = `${spec.idPrefix}-${index}`;
    const started = performance.now();
    await orchestrator.run(orchestrationId, request);
    emit({ type: 'completed', orchestrationId, latencyMs: performance.now() - started });
  });
  emit({ type: 'summary', wallMs: figures.wallMs, latenciesMs: figures.latenciesMs, failures: figures.failures });
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline-process: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
