/**
 * The UI port serves the built single-page app: files as they are, index.html for every page URL of Temporal's
 * scheme, nothing outside the build directory; without a build, a page that says how to build it while the API
 * keeps answering.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevServer, type RunningDevServer } from '../../../../src/server/dev-server';

let tmp: string;
const servers: RunningDevServer[] = [];

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-ui-static-'));
  fs.mkdirSync(path.join(tmp, 'built', '_app', 'immutable'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'built', 'index.html'), '<!doctype html><title>app shell</title>');
  fs.writeFileSync(path.join(tmp, 'built', '_app', 'immutable', 'entry.js'), 'export const x = 1;');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside the build');
  fs.mkdirSync(path.join(tmp, 'empty'));
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function serve(assetsDir: string): Promise<RunningDevServer> {
  const server = await startDevServer({ port: 0, db: ':memory:', ui: { port: 0, assetsDir } });
  servers.push(server);
  return server;
}

test('files are served with their types, page URLs fall back to index.html, traversal and unknown assets are 404', async () => {
  const server = await serve(path.join(tmp, 'built'));
  expect(server.uiBuilt).toBe(true);
  const entry = await fetch(`${server.uiUrl}/_app/immutable/entry.js`);
  expect(entry.status).toBe(200);
  expect(entry.headers.get('content-type')).toMatch(/^text\/javascript/);
  expect(entry.headers.get('cache-control')).toMatch(/immutable/);

  for (const page of ['/', '/namespaces/default/workflows', '/namespaces/default/workflows/a%2Fb/run-1/history']) {
    const response = await fetch(`${server.uiUrl}${page}`);
    expect([page, response.status, await response.text()]).toEqual([page, 200, expect.stringContaining('app shell')]);
  }
  for (const missing of ['/_app/immutable/missing.js', '/favicon.ico', '/..%2Fsecret.txt', '/%2e%2e/secret.txt']) {
    const response = await fetch(`${server.uiUrl}${missing}`);
    const text = await response.text();
    expect([missing, text]).not.toEqual([missing, expect.stringContaining('outside the build')]);
    if (missing.endsWith('.js') || missing.endsWith('.ico')) expect(response.status).toBe(404);
  }
});

test('without a built UI every page says how to build it, and the API still answers', async () => {
  const server = await serve(path.join(tmp, 'empty'));
  expect(server.uiBuilt).toBe(false);
  const page = await fetch(`${server.uiUrl}/namespaces/default/workflows`);
  expect(page.status).toBe(503);
  expect(await page.text()).toContain('npm run build:ui');
  const api = await fetch(`${server.uiUrl}/api/v1/namespaces/default/workflows`);
  expect(api.status).toBe(200);
});

test('a UI port already in use is a one-line start error naming the flags to use', async () => {
  const first = await serve(path.join(tmp, 'built'));
  const port = Number(new URL(first.uiUrl!).port);
  await expect(startDevServer({ port: 0, db: ':memory:', ui: { port } })).rejects.toThrow(
    /cannot serve the UI on 127\.0\.0\.1:\d+: .*--ui-port.*--headless/,
  );
});
