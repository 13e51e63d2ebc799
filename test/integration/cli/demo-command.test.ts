/** `steadfast demo` end to end: on its own embedded server, and against a `steadfast server` started beforehand. */
import fs from 'node:fs';
import path from 'node:path';
import { startDevServerProcess } from '../../../src/server/dev-server-process';
import { killRunningClis, makeTempDir, removeTempDir, spawnCli } from './cli-process';

let cwd: string;
beforeAll(() => {
  cwd = makeTempDir();
});
afterEach(killRunningClis);
afterAll(() => removeTempDir(cwd));

test('demo starts a server and a worker, prints the hello result and exits 0', async () => {
  const db = path.join(cwd, 'demo.db');
  const demo = spawnCli(['demo', '--db', db, '--name', 'Ada'], { cwd });
  await demo.waitForLine(/^Steadfast dev server listening on 127\.0\.0\.1:\d+ /);
  await demo.waitForLine(/^Started workflow hello-\S+: hello\("Ada"\)$/);
  await demo.waitForLine(/^Result: Hello, Ada!$/);
  expect(await demo.waitForExit()).toEqual({ code: 0, signal: null });
  expect(demo.stderr).toEqual([]);
  expect(fs.existsSync(db)).toBe(true);
  expect(fs.existsSync(path.join(cwd, '.steadfast'))).toBe(false);
});

test('demo --address runs against a server that is already up', async () => {
  const server = await startDevServerProcess({ db: path.join(cwd, 'server.db'), cwd });
  try {
    const demo = spawnCli(['demo', '--address', server.address], { cwd });
    await demo.waitForLine(new RegExp(`^Using the Temporal server at ${server.address}$`));
    await demo.waitForLine(/^Result: Hello, world!$/);
    expect(await demo.waitForExit()).toEqual({ code: 0, signal: null });
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
