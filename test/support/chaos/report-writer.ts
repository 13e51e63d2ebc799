/**
 * The failure-mode report: one table a reader takes in at once (bench/results/chaos.md), each scenario's own
 * figures below it, and everything as JSON (bench/results/chaos.json) for comparing runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MachineInfo } from '../machine-info';
import { seconds, type ScenarioReport } from './scenario-report';

/** Where a scenario's figures come from when it was re-run alone after the run the report is about. */
export interface ScenarioRerun {
  readonly command: string;
  readonly date: string;
  readonly scale: number;
  readonly loadAverageAtStart: number;
}

export interface ChaosRun {
  /** The exact command that produced the run. */
  readonly command: string;
  readonly date: string;
  readonly scale: number;
  readonly machine: MachineInfo;
  /** Other processes skew timings; the 1-minute load average when the run began says by how much. */
  readonly loadAverageAtStart: number;
  readonly wallSeconds: number;
  readonly scenarios: readonly (ScenarioReport & { readonly rerun?: ScenarioRerun })[];
}

const COLUMNS = [
  'Scenario',
  'Orchestrations',
  'Completed',
  'Via fallback',
  'Failed (typed)',
  'Refused',
  'Lost',
  'Duplicates',
  'Detection',
  'Recovery',
];

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.map((cell) => String(cell).replace(/\|/g, '\\|')).join(' | ')} |`;
}

function summaryRow(report: ScenarioReport): string {
  return row([
    report.title,
    report.orchestrations,
    report.completed,
    report.viaFallback,
    report.failed,
    report.refused,
    report.lost,
    report.duplicates,
    seconds(report.detectionMs),
    seconds(report.recoveryMs),
  ]);
}

function details(report: ChaosRun['scenarios'][number]): string[] {
  const ledger = report.ledger;
  const lines = [
    `### ${report.title}`,
    '',
    report.failure,
    '',
    ...(report.rerun
      ? [
          `Re-run alone: \`${report.rerun.command}\` on ${report.rerun.date} (scale ${report.rerun.scale}, ` +
            `load average at start ${report.rerun.loadAverageAtStart}).`,
          '',
        ]
      : []),
    `- Detection (${seconds(report.detectionMs)}): ${report.detection}.`,
    `- Recovery (${seconds(report.recoveryMs)}): ${report.recovery}.`,
    `- Ledger: ${ledger.executions} executions, ${ledger.effects} side effects, ${ledger.duplicates} applied twice, ` +
      `${ledger.reRunsAbsorbed} re-runs absorbed by the idempotency key, ${ledger.abandoned} abandoned without acting, ` +
      `${ledger.staleActs} acts after the step was dispatched elsewhere, ${ledger.actedAfterDeadline} acts after the deadline.`,
    ...Object.entries(report.figures).map(([name, value]) => `- ${name}: ${value ?? '—'}`),
    `- Scenario wall time: ${seconds(report.wallMs)}`,
  ];
  if (report.table) {
    lines.push(
      '',
      row(report.table.columns),
      row(report.table.columns.map(() => '---')),
      ...report.table.rows.map(row),
    );
  }
  return [...lines, ''];
}

function describeMachine(machine: MachineInfo): string {
  const gib = (machine.totalMemoryBytes / 2 ** 30).toFixed(0);
  return `${machine.cpus} × ${machine.cpuModel}, ${gib} GiB, ${machine.os}, Node ${machine.node}`;
}

function rerunNote(run: ChaosRun): string[] {
  const rerun = run.scenarios.filter((scenario) => scenario.rerun !== undefined);
  if (rerun.length === 0) return [];
  return [
    `Re-run alone since (their rows and sections say how): ${rerun.map((scenario) => scenario.title).join('; ')}.`,
  ];
}

export function formatReport(run: ChaosRun): string {
  return [
    '# Failure-mode suite: results',
    '',
    `Produced by \`${run.command}\` on ${run.date} (scale ${run.scale}, ${run.wallSeconds.toFixed(0)} s in all).`,
    `Machine: ${describeMachine(run.machine)}; load average at start ${run.loadAverageAtStart}.`,
    'How to read it, and what each scenario does: [docs/reliability.md](../../docs/reliability.md).',
    ...rerunNote(run),
    '',
    row(COLUMNS),
    row(COLUMNS.map(() => '---')),
    ...run.scenarios.map(summaryRow),
    '',
    '## Scenarios',
    '',
    ...run.scenarios.flatMap(details),
  ].join('\n');
}

/**
 * A run of some scenarios only, merged into the full report already in `dir`: each scenario it ran replaces its
 * namesake (or is added), marked with the command that re-ran it; the rest of the report stays as it was.
 */
export function mergeIntoReport(dir: string, partial: ChaosRun): ChaosRun {
  const jsonPath = path.join(dir, 'chaos.json');
  if (!fs.existsSync(jsonPath)) return partial;
  const full = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as ChaosRun;
  const rerun: ScenarioRerun = {
    command: partial.command,
    date: partial.date,
    scale: partial.scale,
    loadAverageAtStart: partial.loadAverageAtStart,
  };
  const scenarios = [...full.scenarios];
  for (const report of partial.scenarios) {
    const index = scenarios.findIndex((scenario) => scenario.scenario === report.scenario);
    const marked = { ...report, rerun };
    if (index >= 0) scenarios[index] = marked;
    else scenarios.push(marked);
  }
  return { ...full, scenarios };
}

/** Writes chaos.md and chaos.json into `dir`; returns their paths. */
export function writeReport(dir: string, run: ChaosRun): { markdown: string; json: string } {
  fs.mkdirSync(dir, { recursive: true });
  const markdown = path.join(dir, 'chaos.md');
  const json = path.join(dir, 'chaos.json');
  fs.writeFileSync(markdown, formatReport(run));
  fs.writeFileSync(json, `${JSON.stringify(run, null, 2)}\n`);
  return { markdown, json };
}
