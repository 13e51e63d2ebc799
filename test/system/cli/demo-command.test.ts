/**
 * `steadfast demo` (what `npm start` runs) end to end: its own embedded server and real worker processes, a batch
 * whose summary shows every mode and nothing lost or duplicated; and, against a running server, Ctrl-C stopping
 * every child process it started.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startDevServerProcess } from '../../../src/server/dev-server-process';
import { logged } from '../../support/test-log';
import { killRunningClis, makeTempDir, removeTempDir, spawnCli, type CliProcess } from '../../support/cli-process';

let cwd: string;
beforeAll(() => {
  cwd = makeTempDir();
});
afterEach(killRunningClis);
afterAll(() => removeTempDir(cwd));

/** Pids of the worker processes, from the demo's "... ready (pid N, ...)" lines. */
function childPids(demo: CliProcess): number[] {
  return demo.stdout
    .map((line) => /^ {2}(?:orchestrator worker|agent pool \d+) ready \(pid (\d+),/.exec(line)?.[1])
    .filter((pid) => pid !== undefined)
    .map(Number);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function summaryValue(demo: CliProcess, label: string): string {
  const line = demo.stdout.find((candidate) => candidate.startsWith(`  ${label} `));
  if (line === undefined) throw new Error(`no "${label}" line in the summary:\n${demo.transcript()}`);
  return line.slice(label.length + 2).trim();
}

test('demo runs its batch on real worker processes: every mode appears, nothing is lost or duplicated, exit 0', async () => {
  const db = path.join(cwd, 'demo.db');
  const demo = spawnCli(['demo', '--db', db, '--orchestrations', '4'], { cwd });
  await demo.waitForLine(/^Steadfast dev server listening on 127\.0\.0\.1:\d+ /);
  await demo.waitForLine(/^Started 4 orchestration\(s\): demo-\S+-1 … demo-\S+-4$/, { timeoutMs: 90_000 });
  await demo.waitForLine(/^Summary$/, { timeoutMs: 90_000 });
  const exit = await demo.waitForExit();
  expect({ ...exit, stderr: demo.stderr }).toEqual({ code: 0, signal: null, stderr: [] });

  expect(summaryValue(demo, 'Orchestrations completed')).toBe('4 / 4');
  const modes = /^primary (\d+) · alternate (\d+) · autonomous (\d+)$/.exec(summaryValue(demo, 'Steps by mode'));
  expect(modes).not.toBeNull();
  const [primary, alternate, autonomous] = modes!.slice(1).map(Number);
  expect(primary! + alternate! + autonomous!).toBe(12);
  expect({ primary: primary! > 0, alternate: alternate! > 0, autonomous: autonomous! > 0 }).toEqual({
    primary: true,
    alternate: true,
    autonomous: true,
  });
  expect(Number(summaryValue(demo, 'Retries'))).toBeGreaterThan(0);
  expect(summaryValue(demo, 'Lost')).toBe('0');
  expect(summaryValue(demo, 'Duplicated side effects')).toBe('0');
  expect(demo.stdout.filter((line) => /^ {2}✓ demo-\S+ /.test(line))).toHaveLength(4);

  const pids = childPids(demo);
  expect(pids).toHaveLength(3);
  expect(pids.filter(isRunning)).toEqual([]);
  expect(fs.existsSync(db)).toBe(true);
  expect(fs.existsSync(path.join(cwd, '.steadfast'))).toBe(false);
}, 120_000);

test('demo --address runs against a server that is already up, and a stop signal ends every child it started', async () => {
  const server = logged('server', await startDevServerProcess({ db: ':memory:', cwd }));
  try {
    const demo = spawnCli(['demo', '--address', server.address, '--orchestrations', '20'], { cwd });
    await demo.waitForLine(new RegExp(`^Using the Temporal server at ${server.address.replace(/\./g, '\\.')}$`));
    await demo.waitForLine(/^Started 20 orchestration\(s\)/, { timeoutMs: 90_000 });
    const pids = childPids(demo);
    expect(pids).toHaveLength(3);

    // SIGTERM rather than SIGINT: shells start background jobs with SIGINT ignored. Both are handled alike (Ctrl-C).
    demo.child.kill('SIGTERM');
    const exit = await demo.waitForExit();
    expect({ ...exit, stderr: demo.stderr }).toEqual({
      code: 130,
      signal: null,
      stderr: ['steadfast: demo interrupted by SIGTERM'],
    });
    expect(demo.stdout).toContain('Stopping the worker processes');
    expect(pids.filter(isRunning)).toEqual([]);
  } finally {
    expect(await server.stop()).toBe(0);
  }
}, 120_000);
