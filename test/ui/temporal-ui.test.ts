/**
 * The Temporal UI in a real browser (Debian's chromium through puppeteer-core) against real orchestrations on the
 * embedded server: the workflows list and its filter, a completed run's history and result, a running run's pending
 * activity and call stack, terminate from the UI and its refusal in read-only mode, and no console errors on the way.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { defineAgent } from '../../src/activities/define-agent';
import { clickVisible, launchUiBrowser, visibleButtonsDisabled, waitForText, type UiBrowser } from '../support/browser';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv, type WorkersContext } from '../support/steadfast-env';
import { StartedResources } from '../support/started-resources';
import { startTestEnv, type TestEnv } from '../support/test-server';
import { uiHttpClient } from '../support/ui-http';
import { waitUntil } from '../support/wait-until';

/**
 * The completed run's history page is photographed on every run (in the temp dir, to look at); with
 * STEADFAST_UPDATE_DOCS_SCREENSHOT=1 it replaces the one the docs show.
 */
const SCREENSHOT =
  process.env.STEADFAST_UPDATE_DOCS_SCREENSHOT === '1'
    ? path.join(__dirname, '../../docs/images/ui-run-history.png')
    : path.join(os.tmpdir(), 'steadfast-ui-run-history.png');
const MARK = `drafted-in-ui-test-${randomUUID().slice(0, 8)}`;

const resources = new StartedResources();
let env: SteadfastEnv;
let readOnlyEnv: TestEnv;
let browser: UiBrowser;
let workers: Promise<void>;
let releaseWorkers!: () => void;
let releaseStuckAgent!: () => void;
const stuckAgentReleased = new Promise<void>((resolve) => (releaseStuckAgent = resolve));
let ctx: WorkersContext;
const ids = { completed: `ui-completed-${randomUUID()}`, running: `ui-running-${randomUUID()}`, other: '' };
let completedRunId = '';

const writer = defineAgent({
  name: uniqueAgentName('ui-writer'),
  handler: async (task) => ({ draft: `${MARK} about ${String(task.input)}` }),
  timeouts: { scheduleToStart: '10s', startToClose: '10s', heartbeat: '5s' },
  retry: { maxAttempts: 2, initialInterval: '100ms' },
});

/** Fails its first attempt, then works until the test lets it go: a step pending on its second attempt. */
const stuck = defineAgent({
  name: uniqueAgentName('ui-stuck'),
  handler: async (_task, agentCtx) => {
    if (agentCtx.attempt === 1) throw new Error('the first attempt fails on purpose');
    await new Promise<void>((resolve) => {
      agentCtx.signal.addEventListener('abort', () => resolve());
      void stuckAgentReleased.then(resolve);
    });
    return 'released';
  },
  timeouts: { scheduleToStart: '30s', startToClose: '5m', heartbeat: '10s' },
  retry: { maxAttempts: 5, initialInterval: '100ms' },
});

const uiUrl = () => env.test.server.uiUrl!;

beforeAll(async () => {
  [env, readOnlyEnv, browser] = await Promise.all([
    resources.start(startSteadfastEnv({ ui: { port: 0 } })),
    resources.start(startTestEnv({ ui: { port: 0, readOnly: true } })),
    resources.start(launchUiBrowser()),
  ]);
  if (!env.test.server.uiBuilt) throw new Error('the UI is not built: run `npm run build:ui` first');
  const ready = new Promise<WorkersContext>((resolve) => {
    workers = env.withWorkers({ agents: [writer, stuck] }, async (workersCtx) => {
      resolve(workersCtx);
      await new Promise<void>((done) => (releaseWorkers = done));
    });
  });
  ctx = await ready;
  const completed = await ctx.client.start(
    ctx.request({ goal: 'a brief for the UI test', plan: { steps: [{ id: 'draft', agent: writer.name, input: 'UIs' }] } }),
    { id: ids.completed },
  );
  await completed.result();
  completedRunId = completed.firstRunId!;
  await ctx.client.start(
    ctx.request({ goal: 'a step that stays pending', plan: { steps: [{ id: 'slow', agent: stuck.name }] } }),
    { id: ids.running },
  );
  // A workflow of another type, for the filter to leave out (no worker serves it; it just stays open).
  ids.other = env.test.workflowId('ui-other');
  await env.test.client.workflow.start('notAnOrchestration', { taskQueue: env.test.taskQueue('idle'), workflowId: ids.other });
}, 60_000);

afterAll(async () => {
  releaseStuckAgent();
  releaseWorkers?.();
  await workers;
  await resources.closeAll();
});

async function open(page: Page, pathAndQuery: string, baseUrl = uiUrl()): Promise<void> {
  await page.goto(`${baseUrl}${pathAndQuery}`, { waitUntil: 'domcontentloaded' });
}

test('the workflows list shows the runs, and a WorkflowType filter narrows it to the orchestrations', async () => {
  const page = await browser.newPage();
  await open(page, '/namespaces/default/workflows');
  const all = await waitForText(page, new RegExp(ids.other));
  expect(all).toContain(ids.completed);
  expect(all).toContain(ids.running);
  expect(all).toContain(ids.other);

  await open(page, `/namespaces/default/workflows?query=${encodeURIComponent('WorkflowType="orchestrate"')}`);
  const filtered = await waitForText(page, new RegExp(ids.completed));
  expect(filtered).toContain(ids.running);
  expect(filtered).toContain('WorkflowType = "orchestrate"');
  expect(filtered).not.toContain(ids.other);
  await page.close();
});

test("a completed run's history page shows its events and its result", async () => {
  const page = await browser.newPage();
  await open(page, `/namespaces/default/workflows/${ids.completed}/${completedRunId}/history`);
  const text = await waitForText(page, new RegExp(MARK));
  expect(text).toMatch(/Completed/);
  expect(text).toMatch(/Workflow Execution Started/i);
  expect(text).toMatch(/Workflow Execution Completed/i);
  expect(text).toContain(writer.name);
  await page.screenshot({ path: SCREENSHOT });
  await page.close();
});

test('a running run shows its pending activity with its attempt count, and its call stack', async () => {
  const page = await browser.newPage();
  await open(page, `/namespaces/default/workflows/${ids.running}`);
  await waitForText(page, /Running/);
  const runPath = new URL(page.url()).pathname.replace(/\/history$/, '');
  await open(page, `${runPath}/pending-activities`);
  const pending = await waitForText(page, /Attempt\s*2\b/, 20_000);
  expect(pending).toContain(stuck.name);
  expect(pending).toMatch(/2 of 5/);

  await open(page, `${runPath}/call-stack`);
  const stack = await waitForText(page, /\bat \S+ \(.*workflows\//);
  expect(stack).toMatch(/orchestrat/);
  await page.close();
});

test('terminate from the UI ends the run', async () => {
  const page = await browser.newPage();
  await open(page, `/namespaces/default/workflows/${ids.running}`);
  await waitForText(page, /Request Cancellation/);
  await clickVisible(page, '#workflow-actions-menu-button');
  await clickVisible(page, '[data-testid="terminate-button"]');
  await clickVisible(page, '#terminate-confirmation-modal input');
  await page.keyboard.type('terminated from the browser test');
  await clickVisible(page, '#terminate-confirmation-modal [data-testid="confirm-modal-button"]');
  const handle = env.test.client.workflow.getHandle(ids.running);
  await waitUntil(async () => (await handle.describe()).status.name === 'TERMINATED', { what: 'the run to end' });
  const history = await handle.fetchHistory();
  // The UI adds its own note to the reason typed in.
  expect(history.events!.at(-1)!.workflowExecutionTerminatedEventAttributes!.reason).toMatch(
    /^terminated from the browser test/,
  );
  await waitForText(page, /Terminated/);
  await page.close();
});

test('read-only: the UI offers no terminate, and the API refuses it', async () => {
  const handle = await readOnlyEnv.client.workflow.start('notAnOrchestration', {
    taskQueue: readOnlyEnv.taskQueue('idle'),
    workflowId: readOnlyEnv.workflowId('ui-read-only'),
  });
  const page = await browser.newPage();
  await open(page, `/namespaces/default/workflows/${handle.workflowId}`, readOnlyEnv.server.uiUrl!);
  await waitForText(page, /read-only/);
  await waitForText(page, /Running/);
  expect(await visibleButtonsDisabled(page, '#workflow-actions-menu-button')).toEqual([true]);
  expect(await visibleButtonsDisabled(page, '#workflow-actions-primary-button')).toEqual([true]);

  const api = uiHttpClient(readOnlyEnv.server.uiUrl!);
  const refused = await api.post(`/api/v1/namespaces/default/workflows/${handle.workflowId}/terminate`, {});
  expect(refused.status).toBe(403);
  expect(refused.body.message).toMatch(/read-only/);
  expect((await handle.describe()).status.name).toBe('RUNNING');
  await page.close();
  await handle.terminate('cleanup');
});

test('no console errors or uncaught exceptions on any of those pages', () => {
  expect(browser.problems).toEqual([]);
});
