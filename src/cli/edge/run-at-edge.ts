/** `steadfast run --when-unreachable ...`: starts on the server if it answers in time, else decides at the edge. */
import { SteadfastClient } from '../../client/steadfast-client';
import type { EdgeRunResult } from '../../client/edge/edge-fallback';
import type { UnreachableThen } from '../../config/edge-config';
import { loadAgentsModule } from '../../workers/agents-module';
import { CliError } from '../cli-error';
import type { RequestFile } from '../orchestrations/request-file';
import { outboxPath } from './edge-flags';

export interface EdgeRunFlags {
  readonly address?: string | undefined;
  readonly namespace?: string | undefined;
  readonly taskQueue?: string | undefined;
  readonly id?: string | undefined;
  readonly wait: boolean;
  readonly json?: boolean | undefined;
  readonly whenUnreachable: UnreachableThen;
  readonly unreachableAfter?: number | undefined;
  readonly outbox?: string | undefined;
  readonly module?: string | undefined;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

export async function runAtEdge(request: RequestFile, flags: EdgeRunFlags): Promise<void> {
  if (flags.whenUnreachable === 'autonomous' && !flags.module) {
    throw new CliError(
      '--when-unreachable autonomous needs --module <file> with the agents and their autonomous handlers',
    );
  }
  const agents = flags.module ? loadAgentsModule(flags.module) : [];
  const client = await SteadfastClient.connect({
    ...(flags.address ? { address: flags.address } : {}),
    ...(flags.namespace ? { namespace: flags.namespace } : {}),
    ...(flags.taskQueue ? { taskQueue: flags.taskQueue } : {}),
    // Without --wait the command ends once the request is decided; the outbox drains later (`steadfast outbox drain`,
    // or the next client of this outbox).
    edge: { outbox: outboxPath(flags.outbox), agents, autoDrain: flags.wait },
  });
  try {
    const unreachable = {
      then: flags.whenUnreachable,
      ...(flags.unreachableAfter !== undefined ? { after: flags.unreachableAfter } : {}),
    };
    const outcome: EdgeRunResult = await client.run(request.input, {
      ...(flags.id ? { id: flags.id } : {}),
      unreachable,
    });
    if (outcome.mode === 'queued' && flags.wait) {
      if (!flags.json) say(`Queued ${outcome.orchestrationId} in the outbox; waiting for the server`);
      const result = await client.outbox.wait(outcome.orchestrationId);
      print({ ...result, mode: 'server' }, flags.json);
      return;
    }
    print(outcome, flags.json);
  } finally {
    await client.close();
  }
}

function print(outcome: EdgeRunResult, json: boolean | undefined): void {
  if (json) {
    say(JSON.stringify(outcome, null, 2));
    return;
  }
  if (outcome.mode === 'queued') {
    say(
      `${outcome.orchestrationId} queued in the outbox (${outcome.reason})${outcome.detail ? `: ${outcome.detail}` : ''}`,
    );
    return;
  }
  const where = outcome.mode === 'autonomous' ? `answered at the edge (${outcome.reason})` : 'completed on the server';
  say(`Orchestration ${outcome.orchestrationId} ${where}`);
  say(`Output: ${JSON.stringify(outcome.output ?? null, null, 2)}`);
}
