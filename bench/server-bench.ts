/**
 * Server benchmark: `steadfast server` in a child process on a temp-file database, a worker here, N one-activity
 * workflows started at once; reports throughput, start-to-result latency and the server's peak RSS.
 * Run with `npm run bench:server [-- --workflows N]`; writes bench/results/server.json.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { z } from 'zod';
import { CliError } from '../src/cli/cli-error';
import { integerFlag, parseFlags } from '../src/cli/flags';
import { startDevServerProcess, steadfastBinPath, type DevServerProcess } from '../src/server/dev-server-process';
import * as activities from './activities/one-activity';
import { summarizeLatencies } from '../test/support/latency-stats';
import { machineInfo } from '../test/support/machine-info';
import { cpuSeconds, peakRssBytes } from './process-stats';
import type { oneActivity } from './workflows/one-activity';

const BenchArgsSchema = z.object({
  workflows: integerFlag('--workflows', 1, 100_000).default(500),
});

const round2 = (value: number) => Math.round(value * 100) / 100;
const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(2)} s`);
const mib = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

interface WorkloadFigures {
  wallMs: number;
  /** When the server had accepted the last start call, from the first one. */
  allStartedMs: number;
  latenciesMs: number[];
  failures: string[];
}

interface RunFigures extends WorkloadFigures {
  /** CPU time the server process and this process (client and worker) spent during the workload. */
  serverCpuSeconds: number | undefined;
  benchCpuSeconds: number;
}

async function main(): Promise<void> {
  const { workflows } = parseFlags(BenchArgsSchema, readArgs());

  const [loadAverage1m = 0] = os.loadavg();
  const loadAverageAtStart = Math.round(loadAverage1m * 100) / 100;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-bench-'));
  say(
    `Starting \`steadfast server\` as a child process (load average ${loadAverageAtStart} on ${os.cpus().length} CPUs)`,
  );
  const server = await startDevServerProcess({ db: path.join(tempDir, 'bench.db'), cwd: tempDir });
  say(`Server pid ${server.pid} listening on ${server.address}, database in ${tempDir}`);

  let figures: RunFigures;
  let serverPeakRss: number | undefined;
  try {
    figures = await runWorkload(server, workflows);
    serverPeakRss = peakRssBytes(server.pid);
  } finally {
    const exitCode = await server.stop();
    if (exitCode !== 0) say(`warning: the server exited with code ${exitCode}`);
    fs.rmSync(tempDir, { recursive: true, force: true });
  }

  if (figures.latenciesMs.length === 0) throw new CliError(`every workflow failed, first: ${figures.failures[0]}`);
  const latency = summarizeLatencies(figures.latenciesMs);
  const workflowsPerSecond = Math.round((figures.latenciesMs.length / figures.wallMs) * 1000 * 10) / 10;
  const benchPeakRss = process.resourceUsage().maxRSS * 1024;
  say('');
  say(`${figures.latenciesMs.length}/${workflows} workflows completed in ${(figures.wallMs / 1000).toFixed(2)} s`);
  say(`all started after:   ${(figures.allStartedMs / 1000).toFixed(2)} s`);
  say(`throughput:          ${workflowsPerSecond} workflows/s`);
  say(`latency p50 / p99:   ${latency.p50Ms} ms / ${latency.p99Ms} ms (mean ${latency.meanMs}, max ${latency.maxMs})`);
  say(`server peak RSS:     ${mib(serverPeakRss)} (VmHWM of pid ${server.pid})`);
  say(`bench peak RSS:      ${mib(benchPeakRss)} (client and worker)`);
  say(`CPU during the run:  server ${seconds(figures.serverCpuSeconds)}, bench ${seconds(figures.benchCpuSeconds)}`);

  const resultsFile = path.join(path.dirname(path.dirname(steadfastBinPath())), 'bench', 'results', 'server.json');
  const record = {
    benchmark: 'server',
    date: new Date().toISOString(),
    machine: machineInfo(),
    // Other processes skew the figures; the 1-minute load average when the run began says by how much.
    loadAverageAtStart,
    setup: {
      workflows,
      activitiesPerWorkflow: 1,
      server: 'steadfast server child process, temp-file SQLite database',
      client: 'one @temporalio/client connection, all workflows started at once',
      worker: 'one worker in the bench process, default concurrency',
    },
    results: {
      completed: figures.latenciesMs.length,
      failed: figures.failures.length,
      wallSeconds: Math.round(figures.wallMs) / 1000,
      allStartedSeconds: Math.round(figures.allStartedMs) / 1000,
      workflowsPerSecond,
      latency,
      serverPeakRssBytes: serverPeakRss ?? null,
      serverCpuSeconds: figures.serverCpuSeconds === undefined ? null : round2(figures.serverCpuSeconds),
      benchCpuSeconds: round2(figures.benchCpuSeconds),
      benchPeakRssBytes: benchPeakRss,
    },
  };
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(resultsFile, `${JSON.stringify(record, null, 2)}\n`);
  say(`wrote ${path.relative(process.cwd(), resultsFile)}`);

  if (figures.failures.length > 0) {
    throw new CliError(`${figures.failures.length} workflows failed, first: ${figures.failures[0]}`);
  }
}

function readArgs(): Record<string, unknown> {
  try {
    return parseArgs({ options: { workflows: { type: 'string' } } }).values;
  } catch (err) {
    throw new CliError(`${(err as Error).message}; usage: npm run bench:server [-- --workflows N]`);
  }
}

async function runWorkload(server: DevServerProcess, workflows: number): Promise<RunFigures> {
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  try {
    const client = new Client({ connection });
    const taskQueue = `bench-${randomUUID()}`;
    say('Bundling the bench workflow and starting the worker');
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./workflows/one-activity'),
      activities,
    });
    say(`Starting ${workflows} workflows at once`);
    const serverCpuBefore = cpuSeconds(server.pid);
    const benchCpuBefore = process.cpuUsage();
    const figures = await worker.runUntil(() => startAndAwaitAll(client, taskQueue, workflows));
    const serverCpuAfter = cpuSeconds(server.pid);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    return {
      ...figures,
      serverCpuSeconds:
        serverCpuBefore === undefined || serverCpuAfter === undefined ? undefined : serverCpuAfter - serverCpuBefore,
      benchCpuSeconds: (benchCpu.user + benchCpu.system) / 1e6,
    };
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}

async function startAndAwaitAll(client: Client, taskQueue: string, workflows: number): Promise<WorkloadFigures> {
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let lastStartAcceptedMs = 0;
  const begin = performance.now();
  const progress = setInterval(() => {
    const seconds = (performance.now() - begin) / 1000;
    const rate = (latenciesMs.length / seconds).toFixed(0);
    say(`  ${latenciesMs.length}/${workflows} done after ${seconds.toFixed(1)} s (${rate} workflows/s)`);
  }, 1000);
  try {
    await Promise.all(
      Array.from({ length: workflows }, async (_, index) => {
        const started = performance.now();
        try {
          const handle = await client.workflow.start<typeof oneActivity>('oneActivity', {
            taskQueue,
            workflowId: `${taskQueue}-${index}`,
            args: [index],
          });
          lastStartAcceptedMs = Math.max(lastStartAcceptedMs, performance.now() - begin);
          const result = await handle.result();
          if (result !== index) throw new Error(`workflow ${index} returned ${result}`);
          latenciesMs.push(performance.now() - started);
        } catch (err) {
          failures.push(err instanceof Error ? err.message : String(err));
        }
      }),
    );
  } finally {
    clearInterval(progress);
  }
  return { wallMs: performance.now() - begin, allStartedMs: lastStartAcceptedMs, latenciesMs, failures };
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`server-bench: ${message}\n`);
  if (!(err instanceof CliError) && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
});
