/**
 * The failure-mode report: one table a reader takes in at once (bench/results/chaos.md), each scenario's own
 * figures below it, and everything as JSON (bench/results/chaos.json) for comparing runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MachineInfo } from '../machine-info';
import { seconds, type ScenarioReport } from './scenario-report';

export interface ChaosRun {
  /** The exact command that produced the run. */
  readonly command: string;
  readonly date: string;
  readonly scale: number;
  readonly machine: MachineInfo;
  /** Other processes skew timings; the 1-minute load average when the run began says by how much. */
  readonly loadAverageAtStart: number;
  readonly wallSeconds: number;
  readonly scenarios: readonly ScenarioReport[];
  /** Later `--only` runs whose scenarios replaced rows of this run (report-merge.ts). */
  readonly merged?: readonly MergedRun[];
}

/** A partial run (`--only`) merged into the report: where its rows came from. */
export interface MergedRun {
  readonly command: string;
  readonly date: string;
  readonly scale: number;
  readonly loadAverageAtStart: number;
  readonly wallSeconds: number;
  readonly scenarios: readonly string[];
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

function details(report: ScenarioReport): string[] {
  const ledger = report.ledger;
  const lines = [
    `### ${report.title}`,
    '',
    report.failure,
    '',
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

export function formatReport(run: ChaosRun): string {
  return [
    '# Failure-mode suite: results',
    '',
    `Produced by \`${run.command}\` on ${run.date} (scale ${run.scale}, ${run.wallSeconds.toFixed(0)} s in all).`,
    `Machine: ${describeMachine(run.machine)}; load average at start ${run.loadAverageAtStart}.`,
    ...(run.merged ?? []).map(
      (merge) =>
        `Rows of ${merge.scenarios.join(', ')}: \`${merge.command}\` on ${merge.date} (scale ${merge.scale}, ` +
        `${merge.wallSeconds.toFixed(0)} s, load average at start ${merge.loadAverageAtStart}).`,
    ),
    'How to read it, and what each scenario does: [docs/reliability.md](../../docs/reliability.md).',
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

/** Writes chaos.md and chaos.json into `dir`; returns their paths. */
export function writeReport(dir: string, run: ChaosRun): { markdown: string; json: string } {
  fs.mkdirSync(dir, { recursive: true });
  const markdown = path.join(dir, 'chaos.md');
  const json = path.join(dir, 'chaos.json');
  fs.writeFileSync(markdown, formatReport(run));
  fs.writeFileSync(json, `${JSON.stringify(run, null, 2)}\n`);
  return { markdown, json };
}
