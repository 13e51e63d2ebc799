/** The JSON-lines files agents keep as side-effect ledgers: appends from many processes, reads while they write. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendJsonLine, readJsonLines } from '../../../src/activities/json-lines-file';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'json-lines-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('values come back in the order they were appended; a missing file reads as empty', () => {
  const file = path.join(dir, 'ledger.jsonl');
  expect(readJsonLines(file)).toEqual([]);
  appendJsonLine(file, { key: 'o/s1', event: 'start' });
  appendJsonLine(file, { key: 'o/s1', event: 'end' });
  expect(readJsonLines(file)).toEqual([
    { key: 'o/s1', event: 'start' },
    { key: 'o/s1', event: 'end' },
  ]);
});

test('a line another process is still writing is left for the next read', () => {
  const file = path.join(dir, 'ledger.jsonl');
  appendJsonLine(file, { n: 1 });
  fs.appendFileSync(file, '{"n":');
  expect(readJsonLines(file)).toEqual([{ n: 1 }]);
  fs.appendFileSync(file, '2}\n');
  expect(readJsonLines(file)).toEqual([{ n: 1 }, { n: 2 }]);
});
