/**
 * The Temporal UI's Schedules pages in a real browser against the embedded server: the list shows a schedule with
 * its workflow type, its detail page shows its spec's upcoming runs and the runs it took, with no console errors.
 */
import type { Page } from 'puppeteer-core';
import { launchUiBrowser, waitForText, type UiBrowser } from '../support/browser';
import { startTestEnv, type TestEnv } from '../support/test-server';
import { waitUntil } from '../support/wait-until';
import * as activities from '../fixtures/activities';

let env: TestEnv;
let browser: UiBrowser;
beforeAll(async () => {
  env = await startTestEnv({ ui: { port: 0 } });
  browser = await launchUiBrowser();
  if (!env.server.uiBuilt) throw new Error('the UI is not built: run `npm run build:ui` first');
}, 60_000);
afterAll(async () => {
  await Promise.all([browser?.close(), env?.close()]);
});

async function open(page: Page, pathAndQuery: string): Promise<void> {
  await page.goto(`${env.server.uiUrl!}${pathAndQuery}`, { waitUntil: 'domcontentloaded' });
}

test('the schedules list and a schedule page show the schedule, its recent run and its upcoming runs', async () => {
  const taskQueue = env.taskQueue();
  const scheduleId = env.workflowId('ui-nightly');
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.schedule.create({
      scheduleId,
      spec: { cronExpressions: ['30 4 * * *'] },
      action: { type: 'startWorkflow', workflowType: 'greet', args: ['ui'], taskQueue, workflowId: `${scheduleId}-wf` },
      state: { triggerImmediately: true },
    });
    const ran = await waitUntil(async () => (await handle.describe()).info.recentActions[0], {
      what: 'the triggered run',
      timeoutMs: 30_000,
    });

    const page = await browser.newPage();
    await open(page, '/namespaces/default/schedules');
    const list = await waitForText(page, new RegExp(scheduleId), 30_000);
    expect(list).toContain('greet');

    await open(page, `/namespaces/default/schedules/${encodeURIComponent(scheduleId)}`);
    const detail = await waitForText(page, new RegExp(ran.action.workflow.workflowId), 30_000);
    expect(detail).toMatch(/Upcoming Runs/i);
    expect(detail).toMatch(/04:30/);
    await page.close();
    await handle.delete();
    expect(browser.problems).toEqual([]);
  });
}, 120_000);
