/** `steadfast server` as a user runs it: ready line, a real client against it, clean exit on SIGTERM and SIGINT. */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { parseReadyLine } from '../../../src/server/dev-server-process';
import { killRunningClis, makeTempDir, removeTempDir, spawnCli } from '../../support/cli-process';
import { present } from '../../support/present';

let cwd: string;
beforeAll(() => {
  cwd = makeTempDir();
});
afterEach(killRunningClis);
afterAll(() => removeTempDir(cwd));

const READY = /^Steadfast dev server listening on \S+ \(database: .+\)$/;

test('server prints its address and its UI address, serves a real client, and exits 0 on SIGTERM', async () => {
  const db = path.join(cwd, 'data', 'dev.db');
  const server = spawnCli(
    ['server', '--port', '0', '--ui-port', '0', '--db', db, '--namespace', 'team-a', '--namespace', 'team-b'],
    { cwd },
  );
  const [uiLine] = await server.waitForLine(/^Temporal UI: http:\/\/127\.0\.0\.1:\d+/);
  const uiUrl = /^Temporal UI: (\S+)/.exec(uiLine!)![1]!;
  expect((await fetch(`${uiUrl}/api/v1/namespaces/team-b`)).status).toBe(200);
  const [readyLine] = await server.waitForLine(READY);
  const ready = parseReadyLine(readyLine)!;
  expect(ready.db).toBe(db);
  expect(ready.address).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(ready.address).not.toBe('127.0.0.1:0');

  const connection = await Connection.connect({ address: ready.address });
  try {
    await expect(connection.workflowService.getSystemInfo({})).resolves.toBeDefined();
    for (const namespace of ['default', 'team-a', 'team-b']) {
      const described = await connection.workflowService.describeNamespace({ namespace });
      expect(described.namespaceInfo?.name).toBe(namespace);
    }
    const client = new Client({ connection, namespace: 'team-a' });
    const listed = [];
    for await (const execution of client.workflow.list()) listed.push(execution);
    expect(listed).toEqual([]);
  } finally {
    await connection.close();
  }

  server.child.kill('SIGTERM');
  expect(await server.waitForExit()).toEqual({ code: 0, signal: null });
  expect(server.stderr).toEqual([]);
  expect(fs.existsSync(db)).toBe(true);
});

test('server --search-attribute registers each attribute with its type in every namespace', async () => {
  const server = spawnCli(
    [
      'server',
      '--headless',
      '--port',
      '0',
      '--db',
      ':memory:',
      '--namespace',
      'team-a',
      '--search-attribute',
      'CustomerId=Keyword',
      '--search-attribute',
      'score=double',
    ],
    { cwd },
  );
  const [readyLine] = await server.waitForLine(READY);
  const connection = await Connection.connect({ address: parseReadyLine(readyLine)!.address });
  try {
    for (const namespace of ['default', 'team-a']) {
      const listed = await connection.operatorService.listSearchAttributes({ namespace });
      expect(listed.customAttributes).toMatchObject({
        CustomerId: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        score: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
      });
    }
  } finally {
    await connection.close();
  }
  server.child.kill('SIGTERM');
  expect(await server.waitForExit()).toEqual({ code: 0, signal: null });
});

test('server exits 0 on SIGINT', async () => {
  const server = spawnCli(['server', '--headless', '--port', '0', '--db', ':memory:'], { cwd });
  await server.waitForLine(READY);
  server.child.kill('SIGINT');
  expect(await server.waitForExit()).toEqual({ code: 0, signal: null });
});

test('a second server on the same database file and a taken port fails with one line', async () => {
  const db = path.join(cwd, 'shared.db');
  const first = spawnCli(['server', '--headless', '--port', '0', '--db', db], { cwd });
  const [readyLine] = await first.waitForLine(READY);
  const { address } = present(parseReadyLine(readyLine), `a ready line, got ${readyLine}`);
  const port = present(address.split(':')[1], `a port in ${address}`);

  const second = spawnCli(['server', '--headless', '--port', port, '--db', db], { cwd });
  expect(await second.waitForExit()).toEqual({ code: 1, signal: null });
  expect(second.stderr).toEqual([
    expect.stringMatching(new RegExp(`^steadfast: cannot listen on 127\\.0\\.0\\.1:${port}: `)),
  ]);

  first.child.kill('SIGTERM');
  expect(await first.waitForExit()).toEqual({ code: 0, signal: null });
});
