/**
 * Steadfast as a user gets it: `npm pack`, the tarball installed offline into a fresh project (from the npm cache),
 * a TypeScript agents module compiled with tsc and run end to end with the installed `steadfast` bin, a Jest test
 * written with the test kit, and the public API's types under strict node16 and bundler resolution.
 * Needs dist/ and ui/build (`npm ci` builds both); the install compiles better-sqlite3 from source, so it is slow.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { killRunningClis, makeTempDir, removeTempDir, runCli, spawnCli } from '../support/cli-process';
import { writeConsumerProject } from '../support/consumer-project';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const FIXTURE = path.resolve(__dirname, '../fixtures/consumer');
/** The offline install compiles better-sqlite3 (a minute on an idle machine, several on a loaded one). */
const INSTALL_TIMEOUT_MS = 15 * 60_000;

interface PackedFile {
  readonly path: string;
}

let work: string;
let project: string;
let packed: { filename: string; size: number; files: PackedFile[] };

beforeAll(async () => {
  work = makeTempDir();
  project = path.join(work, 'project');
  fs.mkdirSync(project);
  // dist/ is current (`npm run test:deploy` builds first); prepack would build it again under the other tests.
  const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  [packed] = JSON.parse(pack.stdout) as [typeof packed];

  writeConsumerProject({
    dir: project,
    tarball: path.join(work, packed.filename),
    repoRoot: ROOT,
    devDependencies: ['typescript', '@types/node', 'jest', '@swc/jest', '@swc/core'],
  });
  fs.cpSync(FIXTURE, project, { recursive: true });
  // Offline: node-gyp takes Node's headers from the running Node instead of downloading them.
  const nodedir = path.resolve(process.execPath, '../..');
  await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: project,
    env: { ...process.env, npm_config_nodedir: nodedir, npm_config_build_from_source: 'true' },
    timeout: INSTALL_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
}, INSTALL_TIMEOUT_MS + 120_000);

afterEach(killRunningClis);
afterAll(() => work && removeTempDir(work));

test('the tarball holds compiled JS, types, the bin and the built UI, and no tests, bench or sources', () => {
  const files = packed.files.map((file) => file.path);
  for (const wanted of [
    'bin/steadfast.js',
    'dist/src/index.js',
    'dist/src/index.d.ts',
    'dist/src/server/index.d.ts',
    'dist/src/testing/index.d.ts',
    'dist/src/llm.d.ts',
    'dist/src/cli/main.js',
    'ui/build/index.html',
  ])
    expect(files).toContain(wanted);
  expect(files.filter((file) => /^(src|test|bench|examples|ui\/src|dist\/test|dist\/bench)\//.test(file))).toEqual([]);
  expect(files.filter((file) => file.endsWith('.map') || file.endsWith('.test.js'))).toEqual([]);
});

test('a TypeScript agents module compiled with tsc runs end to end with the installed bin', async () => {
  // node16 resolution and strict: also the type-level check of src/public-api.ts.
  await run(path.join(project, 'node_modules/.bin/tsc'), ['-p', '.'], { cwd: project, timeout: 5 * 60_000 });
  const bin = [path.join(project, 'node_modules/.bin/steadfast')];
  const server = spawnCli(['server', '--headless', '--port', '0', '--db', ':memory:'], { cwd: project, command: bin });
  const [, address] = await server.waitForLine(/^Steadfast dev server listening on (\S+) /, { timeoutMs: 60_000 });
  const connect = ['--address', address!];
  const orchestrator = spawnCli(['worker', 'orchestrator', '--module', 'dist/agents.js', ...connect], {
    cwd: project,
    command: bin,
  });
  // Only the backup serves: the summarizer's instructions time out and take the fallback chain.
  const pool = spawnCli(
    ['worker', 'agents', '--module', 'dist/agents.js', '--agents', 'backup-summarizer', ...connect],
    {
      cwd: project,
      command: bin,
    },
  );
  await orchestrator.waitForLine(/^Steadfast orchestrator worker polling/, { timeoutMs: 120_000 });
  await pool.waitForLine(/^Steadfast agent pool polling \(agents backup-summarizer\)/, { timeoutMs: 60_000 });

  const result = await runCli(['run', 'request.json', '--wait', ...connect], {
    cwd: project,
    command: ['npx', '--no-install', 'steadfast'],
    timeoutMs: 120_000,
  });
  expect({ code: result.code, transcript: result.transcript }).toMatchObject({ code: 0 });
  expect(result.stdout.join('\n')).toMatch(/summary\s+summarizer\s+succeeded\s+alternate \(backup-summarizer\)/);
}, 600_000);

test("a user's Jest test with the test kit passes in the project", async () => {
  const jest = await run(path.join(project, 'node_modules/.bin/jest'), ['--ci', 'agents.test.ts'], {
    cwd: project,
    timeout: 5 * 60_000,
  }).catch((error: { stdout: string; stderr: string }) => error);
  expect(jest.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
}, 600_000);

test('the public API type-checks in a strict project with moduleResolution bundler', async () => {
  const tsc = await run(path.join(project, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.bundler.json'], {
    cwd: project,
    timeout: 5 * 60_000,
  }).catch((error: { stdout: string }) => error);
  expect(tsc.stdout).toBe('');
}, 600_000);
