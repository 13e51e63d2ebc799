/** Which Temporal UI link the CLI prints for a run, and what the demo says about opening its runs. */
import { Connection } from '@temporalio/client';
import { findRunUiLink, UI_URL_ENV } from '../../../src/cli/connection/ui-link';
import { startDevServer } from '../../../src/server/dev-server';
import { demoUiHint } from '../../../src/cli/demo/demo-ui-hint';

const target = {
  address: 'temporal.example.com:7233',
  namespace: 'team a',
  workflowId: 'order/42',
  namespaceId: () => Promise.resolve('ns-id'),
};

afterEach(() => {
  delete process.env[UI_URL_ENV];
});

test('--ui-url, then $STEADFAST_UI_URL, give the link in Temporal URL scheme, ids encoded', async () => {
  process.env[UI_URL_ENV] = 'https://ui.example.com/';
  expect(await findRunUiLink(target)).toBe('https://ui.example.com/namespaces/team%20a/workflows/order%2F42');
  expect(await findRunUiLink({ ...target, runId: 'r-1' }, 'http://127.0.0.1:9000')).toBe(
    'http://127.0.0.1:9000/namespaces/team%20a/workflows/order%2F42/r-1/history',
  );
});

test('a remote cluster without a setting gets no link: its UI address is unknown', async () => {
  expect(await findRunUiLink(target)).toBeUndefined();
});

test('the demo says how to open its runs: the kept UI, the command for its database, or --keep-server', () => {
  expect(demoUiHint({ db: 'x.db', namespace: 'default', uiUrl: 'http://127.0.0.1:8233' })).toEqual([
    "Open the demo's runs in the Temporal UI: http://127.0.0.1:8233/namespaces/default/workflows?query=WorkflowType%3D%22orchestrate%22",
  ]);
  expect(demoUiHint({ db: '.steadfast/dev.db', namespace: 'default' }).join('\n')).toContain(
    'npx steadfast server --db .steadfast/dev.db',
  );
  expect(demoUiHint({ db: ':memory:', namespace: 'default' }).join('\n')).toContain('--keep-server');
});

test("a local server's UI is linked only when it serves that same server", async () => {
  const [server, other] = await Promise.all([
    startDevServer({ port: 0, db: ':memory:', ui: { port: 0 } }),
    startDevServer({ port: 0, db: ':memory:' }),
  ]);
  const connections = await Promise.all([server, other].map((s) => Connection.connect({ address: s.address })));
  try {
    const idOf = (connection: Connection) => async () =>
      (await connection.workflowService.describeNamespace({ namespace: 'default' })).namespaceInfo?.id ?? undefined;
    const uiPort = Number(new URL(server.uiUrl!).port);
    const local = { address: server.address, namespace: 'default', workflowId: 'wf-1' };
    expect(await findRunUiLink({ ...local, namespaceId: idOf(connections[0]!) }, undefined, uiPort)).toBe(
      `${server.uiUrl}/namespaces/default/workflows/wf-1`,
    );
    // Another server's UI on that port is not this server's UI.
    expect(await findRunUiLink({ ...local, namespaceId: idOf(connections[1]!) }, undefined, uiPort)).toBeUndefined();
  } finally {
    await Promise.all(connections.map((connection) => connection.close()));
    await Promise.all([server.close(), other.close()]);
  }
});
