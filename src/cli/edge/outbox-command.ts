/** What `steadfast outbox list | drain | discard` does once its flags are valid. */
import readline from 'node:readline/promises';
import { SteadfastClient } from '../../client/steadfast-client';
import type { OutboxEntry } from '../../client/edge/outbox';
import { CliError } from '../cli-error';
import type { OutboxFlags } from '../commands/outbox';
import { outboxPath } from './edge-flags';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export async function runOutboxCommand(
  action: 'list' | 'drain' | 'discard',
  ids: readonly string[],
  flags: OutboxFlags,
): Promise<void> {
  const client = await SteadfastClient.connect({
    ...(flags.address ? { address: flags.address } : {}),
    ...(flags.namespace ? { namespace: flags.namespace } : {}),
    edge: { outbox: outboxPath(flags.outbox), autoDrain: false },
  });
  try {
    if (action === 'list') return printEntries(client.outbox.list({ all: flags.all }), flags.json);
    if (action === 'drain') {
      const report = await client.outbox.drain();
      if (flags.json) return say(JSON.stringify(report, null, 2));
      const settled = Object.entries(report.settled).map(([outcome, n]) => `${outcome} ${n}`);
      say(`Settled: ${settled.length > 0 ? settled.join(' · ') : 'none'}; still waiting: ${report.remaining}`);
      if (report.unreachable) throw new CliError('the server could not be reached; entries left in the outbox', 1);
      return;
    }
    const waiting = client.outbox.list();
    const targets = ids.length > 0 ? waiting.filter((entry) => ids.includes(entry.id)) : waiting;
    const unknown = ids.filter((id) => !waiting.some((entry) => entry.id === id));
    if (unknown.length > 0) throw new CliError(`not waiting in the outbox: ${unknown.join(', ')}`);
    if (targets.length === 0) return say(flags.json ? '[]' : 'Nothing to discard');
    if (!flags.yes && !(await confirm(`Discard ${targets.length} request(s) that never reached the server? [y/N] `))) {
      throw new CliError('nothing discarded (not confirmed; --yes skips the question)', 1);
    }
    const discarded = targets.filter((entry) => client.outbox.discard(entry.id)).map((entry) => entry.id);
    say(flags.json ? JSON.stringify(discarded) : `Discarded ${discarded.length}: ${discarded.join(', ')}`);
  } finally {
    await client.close();
  }
}

function printEntries(entries: readonly OutboxEntry[], json: boolean): void {
  if (json) {
    say(
      JSON.stringify(
        entries.map(({ request, answer, ...rest }) => ({
          ...rest,
          goal: request.goal,
          answered: answer !== undefined,
        })),
        null,
        2,
      ),
    );
    return;
  }
  if (entries.length === 0) return say('The outbox is empty');
  for (const entry of entries) {
    const state = entry.state === 'settled' ? `settled: ${entry.outcome}` : entry.state;
    say(
      `${entry.id}  ${entry.decision}  ${state}  received ${new Date(entry.receivedAt).toISOString()}  tries ${entry.attempts}${entry.lastError ? `  last error: ${entry.lastError}` : ''}`,
    );
  }
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
