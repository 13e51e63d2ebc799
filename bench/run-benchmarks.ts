/**
 * The benchmark suite (`npm run bench`): what durability costs against an in-memory orchestrator, per-step overhead,
 * throughput, failover times and the size of state. Each part writes bench/results/<part>.json with the command and
 * machine that produced it; the table in docs/benchmarks.md is regenerated from those files at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { CliError } from '../src/cli/cli-error';
import { parseBenchOptions, USAGE, type BenchOptions } from './bench-options';
import { BENCH_PARTS } from './bench-parts';
import { updateBenchmarksDoc } from './report/benchmarks-doc';
import type { BenchContext } from './support/bench-context';
import { say } from './support/progress';
import { loadAverage, resultsPath, writeResults } from './support/results-file';
import { workflowBundleFile } from './support/workflow-bundle-file';
import { machineInfo } from '../test/support/machine-info';

const DEFAULT_STATE_ORCHESTRATIONS = 1_000;
const QUICK_STATE_ORCHESTRATIONS = 200;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseBenchOptions(
    argv,
    BENCH_PARTS.map((part) => part.name),
  );
  if (options.help) {
    const width = Math.max(...BENCH_PARTS.map((part) => part.name.length));
    process.stdout.write(
      `${USAGE}\nparts:\n${BENCH_PARTS.map((part) => `  ${part.name.padEnd(width)} ${part.summary}`).join('\n')}\n`,
    );
    return;
  }
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const command = commandLine(argv);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-bench-'));
  const began = performance.now();
  say(`${command}: parts ${options.only.join(', ')} on ${os.cpus().length} CPUs, load average ${loadAverage()}`);
  try {
    say('bundling the orchestrator workflows once for every orchestrator process');
    const workflowBundle = await workflowBundleFile(root);
    for (const part of BENCH_PARTS.filter((candidate) => options.only.includes(candidate.name))) {
      const partBegan = performance.now();
      say(`${part.name}: ${part.summary}`);
      const scratch = fs.mkdtempSync(path.join(root, `${part.name}-`));
      try {
        await part.run(contextFor(options, command, scratch, workflowBundle));
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
      say(`${part.name}: done in ${((performance.now() - partBegan) / 1000).toFixed(0)} s`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const doc = updateBenchmarksDoc();
  say(`results table regenerated in ${path.relative(process.cwd(), doc)}`);
  say(`all done in ${((performance.now() - began) / 60_000).toFixed(1)} min`);
}

function contextFor(options: BenchOptions, command: string, scratch: string, workflowBundle: string): BenchContext {
  const stateOrchestrations =
    options.stateOrchestrations ?? (options.quick ? QUICK_STATE_ORCHESTRATIONS : DEFAULT_STATE_ORCHESTRATIONS);
  const loadAverageAtStart = loadAverage();
  return {
    sizes: { scale: options.scale, quick: options.quick, stateOrchestrations },
    scratch,
    workflowBundle,
    command,
    scaled: (count, min = 1) => Math.max(min, Math.round(count * options.scale)),
    record(name, setup, results) {
      const file = resultsPath(name, options.tag);
      writeResults(file, {
        benchmark: name,
        date: new Date().toISOString(),
        command,
        machine: machineInfo(),
        loadAverageAtStart,
        setup,
        results,
      });
      say(`  wrote ${path.relative(process.cwd(), file)}`);
      return file;
    },
  };
}

/** How this run was started, as a reader would type it. */
function commandLine(argv: readonly string[]): string {
  const args = argv.join(' ');
  if (process.env.npm_lifecycle_event === 'bench') return `npm run bench${args ? ` -- ${args}` : ''}`;
  return `node dist/bench/run-benchmarks.js${args ? ` ${args}` : ''}`;
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`run-benchmarks: ${message}\n`);
  if (!(error instanceof CliError) && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
