/** What one scenario reports: the row of the failure-mode table, how its times were measured, and its own figures. */
import type { LedgerFindings, ScenarioCounts } from './tally';

export interface ReportTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

export type Figure = number | string | null;

export interface ScenarioReport extends ScenarioCounts {
  /** Stable id, e.g. "orchestrator-crash". */
  readonly scenario: string;
  /** Row label, e.g. "1a. Orchestrator worker kill -9". */
  readonly title: string;
  /** What was done to the system, in one or two sentences. */
  readonly failure: string;
  /** From the fault to the system reacting to it; null when the scenario has no such moment. */
  readonly detectionMs: number | null;
  /** From the fault to the work it hit moving again. */
  readonly recoveryMs: number | null;
  /** How detection and recovery were measured (what "the system reacted" and "moving again" mean here). */
  readonly detection: string;
  readonly recovery: string;
  readonly ledger: LedgerFindings;
  /** Further figures of the scenario, by name (configured timeouts, retries, rates); null when not measured. */
  readonly figures: Readonly<Record<string, Figure>>;
  readonly table?: ReportTable;
  readonly wallMs: number;
}

/**
 * A figure of the report by its name. Throws when the report has no figure of that name, so a test reading a figure
 * that was renamed or dropped fails instead of comparing undefined.
 */
export function figureOf(report: ScenarioReport, name: string): Figure {
  if (!Object.hasOwn(report.figures, name)) {
    throw new Error(
      `the ${report.scenario} report has no figure "${name}"; it has: ${Object.keys(report.figures).join(' | ')}`,
    );
  }
  return report.figures[name]!;
}

/** A figure that must be a number (a count, a time in ms); throws when it is missing or is not one. */
export function numericFigureOf(report: ScenarioReport, name: string): number {
  const value = figureOf(report, name);
  if (typeof value !== 'number')
    throw new Error(`figure "${name}" of the ${report.scenario} report is ${value}, not a number`);
  return value;
}

/** A figure rounded for reading: milliseconds to one decimal of a second. */
export function seconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;
}

/** The earliest time in a list at or after `from`, minus `from`; null if there is none. */
export function delayUntilFirst(times: Iterable<number>, from: number): number | null {
  let first: number | undefined;
  for (const time of times) if (time >= from && (first === undefined || time < first)) first = time;
  return first === undefined ? null : first - from;
}
