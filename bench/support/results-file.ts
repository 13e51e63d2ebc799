/** One results file per benchmark part: its figures, the setup that produced them, the command, the machine and its load. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type machineInfo } from '../../test/support/machine-info';
import { resultsDirectory } from './bench-paths';

export interface ResultsRecord {
  readonly benchmark: string;
  readonly date: string;
  readonly command: string;
  readonly machine: ReturnType<typeof machineInfo>;
  /** Other processes skew the figures; the 1-minute load average when the part began says by how much. */
  readonly loadAverageAtStart: number;
  readonly setup: object;
  readonly results: object;
}

export function resultsFileName(name: string, tag: string | undefined): string {
  return tag ? `${name}.${tag}.json` : `${name}.json`;
}

export function writeResults(file: string, record: ResultsRecord): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}

export function readResults(file: string): ResultsRecord | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ResultsRecord;
}

export function resultsPath(name: string, tag?: string): string {
  return path.join(resultsDirectory(), resultsFileName(name, tag));
}

export function loadAverage(): number {
  return Math.round(os.loadavg()[0]! * 100) / 100;
}
