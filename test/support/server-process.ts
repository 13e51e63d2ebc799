/**
 * The embedded server in its own process, for chaos tests that kill it: node dist/test/support/server-process.js <db> <port>.
 * Prints one JSON line ({ address, port, pid }) on stdout once it listens; SIGTERM closes it cleanly.
 */
import { startDevServer } from '../../src/server/dev-server';

export interface ServerProcessReady {
  address: string;
  port: number;
  pid: number;
}

async function main(): Promise<void> {
  const [db, port] = process.argv.slice(2);
  if (!db || port === undefined || !/^\d+$/.test(port)) throw new Error('usage: server-process <db file> <port>');
  const server = await startDevServer({ db, port: Number(port) });
  process.once('SIGTERM', () => void server.close());
  const ready: ServerProcessReady = { address: server.address, port: server.port, pid: process.pid };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

main().catch((err) => {
  process.stderr.write(`server-process: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
