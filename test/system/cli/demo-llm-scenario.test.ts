/**
 * `steadfast demo --scenario llm` (what `npm start -- --scenario llm` runs): LLM agents on scripted models, offline,
 * on the embedded server and real worker processes. Its summary shows each failure it stages, handled and recorded:
 * a flaky provider (429, 500), a hung stream, a budget that runs out, a provider outage whose circuit opens.
 */
import path from 'node:path';
import { killRunningClis, makeTempDir, removeTempDir, spawnCli, type CliProcess } from '../../support/cli-process';

jest.setTimeout(180_000);

let cwd: string;
beforeAll(() => {
  cwd = makeTempDir();
});
afterEach(killRunningClis);
afterAll(() => removeTempDir(cwd));

function summaryValue(demo: CliProcess, label: string): string {
  const line = demo.stdout.find((candidate) => candidate.startsWith(`  ${label} `));
  if (line === undefined) throw new Error(`no "${label}" line in the summary:\n${demo.transcript()}`);
  return line.slice(label.length + 2).trim();
}

/** "a 3 · b 1" -> { a: 3, b: 1 } */
function counts(text: string): Record<string, number> {
  return Object.fromEntries(
    text.split(' · ').map((part) => {
      const at = part.lastIndexOf(' ');
      return [part.slice(0, at), Number(part.slice(at + 1))];
    }),
  );
}

test('the LLM scenario stages every failure, loses nothing, duplicates no tool call and overruns no budget', async () => {
  const demo = spawnCli(['demo', '--scenario', 'llm', '--db', path.join(cwd, 'llm.db'), '--orchestrations', '6'], {
    cwd,
  });
  await demo.waitForLine(/^Summary$/, { timeoutMs: 150_000 });
  const exit = await demo.waitForExit();
  expect({ ...exit, stderr: demo.stderr }).toEqual({ code: 0, signal: null, stderr: [] });

  expect(summaryValue(demo, 'Orchestrations completed')).toBe('6 / 6');
  const reasons = counts(summaryValue(demo, 'Fallback reasons'));
  expect(reasons['budget exhausted']).toBe(6);
  // The outage: reviews failed against the provider until its model's circuit opened, then went straight on.
  expect(reasons['retries exhausted']).toBeGreaterThanOrEqual(3);
  expect(reasons['circuit open']).toBeGreaterThanOrEqual(1);
  const failed = counts(summaryValue(demo, 'Failed model calls'));
  expect(failed.LlmRateLimited).toBe(3);
  expect(failed.LlmServerError).toBe(3);
  expect(failed.LlmOverloaded).toBeGreaterThanOrEqual(6);
  // The hung stream (orchestrations 1 and 4): noticed by the pool or by the server's heartbeat timeout.
  expect((failed.LlmStreamStalled ?? 0) + (failed['heartbeat timeout'] ?? 0)).toBe(2);
  expect(summaryValue(demo, 'Model circuits')).toContain('scripted/outage-model open');
  expect(summaryValue(demo, 'Cost')).toMatch(/over budget: 0$/);
  expect(summaryValue(demo, 'Lost')).toBe('0');
  expect(summaryValue(demo, 'Duplicated side effects')).toBe('0');
});
