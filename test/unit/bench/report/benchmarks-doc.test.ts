/** docs/benchmarks.md's Results part is what the generator renders from bench/results/*.json, so the two agree. */
import fs from 'node:fs';
import path from 'node:path';
import { renderResults } from '../../../../bench/report/benchmarks-doc';

const DOC = path.resolve(__dirname, '../../../../docs/benchmarks.md');
const BEGIN = /<!-- results:begin[^>]*-->\n/;
const END = '<!-- results:end -->';

test('the generated Results part of docs/benchmarks.md matches bench/results/*.json', () => {
  const doc = fs.readFileSync(DOC, 'utf8');
  const begin = BEGIN.exec(doc);
  const end = doc.indexOf(END);
  expect(begin).not.toBeNull();
  expect(end).toBeGreaterThan(begin!.index);
  expect(doc.slice(begin!.index + begin![0].length, end).trim()).toBe(renderResults());
});
