/**
 * The demo and the Temporal UI: a plain run ends with the command that serves its database; `--keep-server` ends
 * with the UI's address, keeps serving the demo's runs there until Ctrl-C, then exits 0.
 */
import path from 'node:path';
import { killRunningClis, makeTempDir, removeTempDir, spawnCli } from '../../support/cli-process';

let cwd: string;
beforeAll(() => {
  cwd = makeTempDir();
});
afterEach(killRunningClis);
afterAll(() => removeTempDir(cwd));

test('a plain demo ends with the command that serves its database in the UI', async () => {
  const db = path.join(cwd, 'plain.db');
  const demo = spawnCli(['demo', '--db', db, '--orchestrations', '1'], { cwd });
  expect(await demo.waitForExit(90_000)).toEqual({ code: 0, signal: null });
  expect(demo.stdout).toContain(`  npx steadfast server --db ${db}`);
});

test('demo --keep-server serves its runs in the UI until Ctrl-C', async () => {
  const demo = spawnCli(['demo', '--db', ':memory:', '--orchestrations', '2', '--keep-server', '--ui-port', '0'], {
    cwd,
  });
  const [, url] = await demo.waitForLine(
    /^Open the demo's runs in the Temporal UI: (http:\/\/127\.0\.0\.1:\d+\/\S+)$/,
    {
      timeoutMs: 90_000,
    },
  );
  const page = new URL(url!);
  expect(page.pathname).toBe('/namespaces/default/workflows');
  expect(page.searchParams.get('query')).toBe('WorkflowType="orchestrate"');
  const list = await fetch(
    `${page.origin}/api/v1/namespaces/default/workflows?query=${encodeURIComponent('WorkflowType="orchestrate"')}`,
  );
  const body = (await list.json()) as { executions: { status: string }[] };
  expect(body.executions.map((execution) => execution.status)).toEqual([
    'WORKFLOW_EXECUTION_STATUS_COMPLETED',
    'WORKFLOW_EXECUTION_STATUS_COMPLETED',
  ]);
  expect((await fetch(`${page.origin}/`)).status).toBe(200);
  demo.child.kill('SIGINT');
  expect(await demo.waitForExit()).toEqual({ code: 0, signal: null });
});
