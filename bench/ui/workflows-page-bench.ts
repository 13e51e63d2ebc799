/**
 * How long the Temporal UI's workflows page takes to show 1,000 runs of the embedded server: from navigation until
 * the page shows the total and its first page of rows, in Debian's chromium, median of several fresh loads.
 *   npm run build && node dist/bench/ui/workflows-page-bench.js [--runs 1000] [--loads 5]
 * Writes bench/results/ui-workflows-page.json. Needs the built UI (npm run build:ui) and chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer } from '../../src/server/dev-server';
import { launchUiBrowser } from '../../test/support/browser';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

async function createRuns(client: Client, count: number): Promise<void> {
  const ids = Array.from({ length: count }, (_, index) => `bench-ui-${String(index).padStart(5, '0')}`);
  for (let start = 0; start < ids.length; start += 50) {
    await Promise.all(
      ids.slice(start, start + 50).map(async (workflowId, offset) => {
        const handle = await client.workflow.start('benchUiRun', { taskQueue: 'bench-ui-nobody', workflowId });
        // Two of three runs end (terminated), the rest stay open: the page shows both kinds.
        if ((start + offset) % 3 !== 0) await handle.terminate('bench');
      }),
    );
  }
}

async function main(): Promise<void> {
  const runs = option('runs', 1000);
  const loads = option('loads', 5);
  const server = await startDevServer({ port: 0, db: ':memory:', ui: { port: 0 } });
  const connection = await Connection.connect({ address: server.address });
  const browser = await launchUiBrowser();
  try {
    if (!server.uiBuilt) throw new Error('the UI is not built: run `npm run build:ui` first');
    const created = Date.now();
    await createRuns(new Client({ connection }), runs);
    process.stdout.write(`created ${runs} runs in ${Date.now() - created} ms\n`);

    // The heading shows the total and the word in separate elements: "1,000" then "Workflows".
    const expectedTotal = `${runs.toLocaleString('en-US')}\\s+Workflows`;
    const timings: number[] = [];
    for (let load = 0; load < loads; load++) {
      const page = await browser.newPage();
      const started = Date.now();
      await page.goto(`${server.uiUrl}/namespaces/default/workflows`, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(
        (total: string) =>
          (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText.match(
            new RegExp(total),
          ) !== null &&
          (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll(
            'tr',
          ).length > 50,
        { timeout: 60_000, polling: 20 },
        expectedTotal,
      ).catch(async (err: Error) => {
        const text = await page.evaluate(() =>
          (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText.slice(0, 600),
        );
        throw new Error(`${err.message}; the page shows: ${text}`);
      });
      timings.push(Date.now() - started);
      process.stdout.write(`load ${load + 1}: ${timings.at(-1)} ms\n`);
      await page.close();
    }
    const sorted = [...timings].sort((a, b) => a - b);
    const result = {
      measured: new Date().toISOString(),
      command: 'node dist/bench/ui/workflows-page-bench.js',
      runs,
      loads,
      timingsMs: timings,
      medianMs: sorted[Math.floor(sorted.length / 2)],
      consoleProblems: browser.problems,
    };
    const file = path.join(__dirname, '../../../bench/results/ui-workflows-page.json');
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`median ${result.medianMs} ms over ${loads} loads; written to ${path.relative(process.cwd(), file)}\n`);
  } finally {
    await browser.close();
    await connection.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench ui: ${(err as Error).message}\n`);
  process.exit(1);
});
