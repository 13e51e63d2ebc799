/** Scale of state: memory and database after many completed orchestrations; history of a long orchestration with and without continue-as-new. */
import type { BenchPart } from '../support/bench-part';
import { say } from '../support/progress';
import { accumulateCompletedOrchestrations } from './completed-orchestrations-run';
import { measureHistoryLength, NEVER_CONTINUE_AS_NEW } from './history-length-run';

const CONTINUE_AS_NEW_AFTER_EVENTS = 500;

export const statePart: BenchPart = {
  name: 'state',
  summary:
    'server memory and database size after N completed orchestrations (--state-orchestrations); history length with/without continue-as-new',
  async run(ctx) {
    const orchestrations = ctx.sizes.stateOrchestrations;
    say(`  ${orchestrations} orchestrations of 3 steps, 32 in flight`);
    const completed = await accumulateCompletedOrchestrations(ctx, orchestrations);
    say(
      `    server RSS ${completed.checkpoints[completed.checkpoints.length - 1]!.serverRssMiB} MiB, database ${completed.census.fileMiB} MiB ` +
        `(${completed.databaseKiBPerOrchestration} KiB per orchestration)`,
    );
    const steps = ctx.sizes.quick ? 80 : 400;
    say(`  one chain of ${steps} steps, without and with continue-as-new after ${CONTINUE_AS_NEW_AFTER_EVENTS} events`);
    const histories = await measureHistoryLength(ctx, steps, [NEVER_CONTINUE_AS_NEW, CONTINUE_AS_NEW_AFTER_EVENTS]);
    for (const history of histories) {
      say(
        `    continueAsNewAfterEvents ${history.continueAsNewAfterEvents}: ${history.runs} run(s), longest ${history.longestRunEvents} events, ${history.largestRunKiB} KiB`,
      );
    }
    ctx.record(
      'state',
      {
        completed:
          'chains of 3 steps, agents answering at once, 32 in flight; steadfast server on a temp-file SQLite database',
        history: 'one chain orchestration, agents answering at once, agent health on (the default)',
      },
      { completed, histories },
    );
  },
};
