/** What `steadfast list` prints: a table of orchestrations (or JSON), and how many were left out. */
import type { ListFlags } from '../commands/list';
import { withSteadfast } from '../connection/steadfast-connection';
import { formatOrchestrationList } from '../views/orchestration-list-table';

export async function listOrchestrations(flags: ListFlags): Promise<void> {
  const rows = await withSteadfast(flags, (connection) =>
    connection.client.list(flags.status ? { status: flags.status } : {}),
  );
  const shown = rows.slice(0, flags.limit);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  if (flags.json) {
    say(JSON.stringify(shown, null, 2));
    return;
  }
  if (rows.length === 0) {
    say(flags.status ? `No ${flags.status} orchestrations.` : 'No orchestrations.');
    return;
  }
  for (const line of formatOrchestrationList(shown, Date.now())) say(line);
  if (rows.length > shown.length) say(`(${shown.length} of ${rows.length} shown; use --limit to see more)`);
}
