/**
 * `npm run chaos`: the failure-mode suite at full size. Runs every scenario of chaos-plan.ts in turn against real
 * processes, prints progress, and writes bench/results/chaos.md and chaos.json (`--only` merges its rows into them).
 *   npm run chaos [-- --scale 0.5] [-- --only orchestrator-crash,overload] [-- --registry-under-load]
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { z } from 'zod';
import { CliError } from '../../src/cli/cli-error';
import { parseFlags } from '../../src/cli/flags';
import { steadfastBinPath } from '../../src/server/dev-server-process';
import { mergeIntoReport, writeReport } from '../../test/support/chaos/report-writer';
import type { ScenarioReport } from '../../test/support/chaos/scenario-report';
import { machineInfo } from '../../test/support/machine-info';
import { CHAOS_PLAN } from './chaos-plan';

const scenarioIds = CHAOS_PLAN.map((scenario) => scenario.id);

const RunnerArgsSchema = z.object({
  scale: z
    .string()
    .default('1')
    .transform(Number)
    .pipe(
      z
        .number({ error: '--scale must be a number' })
        .gt(0, '--scale must be above 0')
        .max(2, '--scale must be at most 2'),
    ),
  only: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    )
    .refine(
      (ids) => ids.every((id) => scenarioIds.includes(id)),
      `--only takes scenario ids among: ${scenarioIds.join(', ')}`,
    )
    .optional(),
  'registry-under-load': z.boolean().default(false),
});

const say = (line: string) => process.stdout.write(`${line}\n`);
const USAGE = 'usage: npm run chaos [-- --scale 0.1..2] [-- --only id,id] [-- --registry-under-load]';

const HELP = `${USAGE}

Runs every failure scenario against real processes and writes bench/results/chaos.md and chaos.json
(with --only, the scenarios run replace their own rows of the report there and the rest is kept).
  --scale f               orchestrations per scenario, relative to the full size (default 1)
  --only id,id            only these scenarios, merged into the committed report: ${scenarioIds.join(', ')}
  --registry-under-load   keep the agent-health registry on in the load scenarios (overload, outage-cascade)
  --help                  this text`;

function readArgs(): Record<string, unknown> {
  try {
    const { values } = parseArgs({
      options: {
        scale: { type: 'string' },
        only: { type: 'string' },
        'registry-under-load': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      say(HELP);
      process.exit(0);
    }
    const { help: _help, ...rest } = values;
    return rest;
  } catch (error) {
    throw new CliError(`${(error as Error).message}; ${USAGE}`);
  }
}

/** The command line as a reader would type it to reproduce the run. */
function commandLine(): string {
  const args = process.argv.slice(2);
  return args.length > 0 ? `npm run chaos -- ${args.join(' ')}` : 'npm run chaos';
}

async function main(): Promise<void> {
  const args = parseFlags(RunnerArgsSchema, readArgs());
  // The bad-release scenario's replay workers log every expected determinism failure as a warning: errors only here.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
  });
  const settings = { scale: args.scale, registryUnderLoad: args['registry-under-load'] };
  const selected = CHAOS_PLAN.filter((scenario) => args.only === undefined || args.only.includes(scenario.id));
  const loadAverageAtStart = Math.round(os.loadavg()[0]! * 100) / 100;
  const began = Date.now();
  say(
    `Failure-mode suite: ${selected.length} scenarios at scale ${settings.scale} (load average ${loadAverageAtStart})`,
  );

  const reports: ScenarioReport[] = [];
  for (const [index, scenario] of selected.entries()) {
    const scenarioBegan = Date.now();
    say(`[${index + 1}/${selected.length}] ${scenario.id}`);
    const report = await scenario.run(settings, (line) =>
      say(`${((Date.now() - scenarioBegan) / 1000).toFixed(1).padStart(6)} s ${line}`),
    );
    reports.push(report);
    say(
      `  → ${report.completed}/${report.orchestrations} completed, ${report.viaFallback} via fallback, ${report.failed} failed (typed), ` +
        `${report.refused} refused, ${report.lost} lost, ${report.duplicates} duplicates (${(report.wallMs / 1000).toFixed(0)} s)`,
    );
  }

  const resultsDir = path.join(path.dirname(path.dirname(steadfastBinPath())), 'bench', 'results');
  const run = {
    command: commandLine(),
    date: new Date().toISOString(),
    scale: settings.scale,
    machine: machineInfo(),
    loadAverageAtStart,
    wallSeconds: (Date.now() - began) / 1000,
    scenarios: reports,
  };
  // Some scenarios only: they replace their own rows of the full report, which keeps the others.
  const written = writeReport(resultsDir, args.only === undefined ? run : mergeIntoReport(resultsDir, run));
  say(`wrote ${path.relative(process.cwd(), written.markdown)} and ${path.relative(process.cwd(), written.json)}`);

  const broken = reports.filter((report) => report.lost > 0 || report.duplicates > 0);
  if (broken.length > 0)
    throw new CliError(`lost or duplicated work in: ${broken.map((report) => report.scenario).join(', ')}`);
}

main().then(
  // Worker runtimes used for replays keep native handles open; the run is over once the report is written.
  () => process.exit(),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`chaos: ${message}\n`);
    if (!(error instanceof CliError) && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
