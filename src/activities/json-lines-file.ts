/**
 * Append-only files of one JSON value per line, as agents write side-effect ledgers from many processes at once:
 * an append of one short line with O_APPEND never interleaves with another process's.
 */
import fs from 'node:fs';

export function appendJsonLine(file: string, value: unknown): void {
  fs.appendFileSync(file, `${JSON.stringify(value)}\n`);
}

/** Every complete line so far (none when the file does not exist); a line still being written is left for the next read. */
export function readJsonLines<T>(file: string): T[] {
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
