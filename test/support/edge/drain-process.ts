/**
 * An application process that only drains its edge outbox, for kill -9 tests:
 * node dist/test/support/edge/drain-process.js <address> <outbox file>. Prints a ready line, then one JSON line per
 * entry it settles ({ id, outcome }).
 */
import { SteadfastClient } from '../../../src/client/steadfast-client';

async function main(): Promise<void> {
  const [address, outbox] = process.argv.slice(2);
  if (!address || !outbox) throw new Error('usage: drain-process <address> <outbox file>');
  process.stdout.write(`${JSON.stringify({ pid: process.pid })}\n`);
  const client = await SteadfastClient.connect({
    address,
    edge: { outbox, drain: { maxConcurrentStarts: 1, initialBackoff: 50, maxBackoff: 200 } },
  });
  client.outbox.drainer.on('settled', (id: string, outcome: string) => {
    process.stdout.write(`${JSON.stringify({ id, outcome })}\n`);
  });
}

main().catch((err) => {
  process.stderr.write(`drain-process: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
