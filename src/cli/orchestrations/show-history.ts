/** What `steadfast history` prints: the event history of an orchestration's current run, as a table or JSON. */
import type { ConnectionFlags } from '../connection/connection-flags';
import { printJson } from '../output/json-output';
import { describeEvent, formatHistoryTable } from '../views/history-events';
import { operate } from './operate';

export async function showHistory(flags: ConnectionFlags & { readonly id: string; readonly json: boolean }) {
  const history = await operate(flags, ({ client }) => client.temporal.workflow.getHandle(flags.id).fetchHistory());
  const rows = (history.events ?? []).map(describeEvent);
  if (flags.json) {
    printJson(rows);
    return;
  }
  process.stdout.write(`${formatHistoryTable(rows).join('\n')}\n`);
}
