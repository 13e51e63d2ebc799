/** What `steadfast schedule ...` does once its flags are valid: create, list, describe, pause, unpause, trigger, delete. */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type ScheduleDescription } from '@temporalio/client';
import { CliError } from '../cli-error';
import { withSteadfast } from '../connection/steadfast-connection';
import type { ScheduleCreateFlags, ScheduleListFlags, ScheduleOneFlags } from '../commands/schedule';
import type { RequestFile } from './request-file';
import { formatTimestamp } from '../output/time-format';

const say = (line: string) => process.stdout.write(`${line}\n`);

export async function createSchedule(request: RequestFile, flags: ScheduleCreateFlags): Promise<void> {
  await withSteadfast(flags, async (connection) => {
    const handle = await connection.client
      .schedule(request.input, { id: flags.id, cron: flags.cron, timezone: flags.timezone, paused: flags.paused })
      .catch((error: unknown) => {
        if (error instanceof ScheduleAlreadyRunning) {
          throw new CliError(`a schedule with id "${flags.id}" already exists; choose another --id`);
        }
        if (error instanceof TypeError) throw new CliError(`invalid schedule: ${error.message}`);
        throw error;
      });
    say(flags.json ? JSON.stringify({ scheduleId: handle.scheduleId }) : handle.scheduleId);
  });
}

export async function listSchedules(flags: ScheduleListFlags): Promise<void> {
  await withSteadfast(flags, async (connection) => {
    const rows = [];
    for await (const s of connection.client.temporal.schedule.list()) {
      rows.push({
        scheduleId: s.scheduleId,
        workflowType: s.action?.workflowType,
        paused: s.state.paused,
        note: s.state.note,
        nextActionTimes: s.info.nextActionTimes.map((t) => t.toISOString()),
      });
    }
    if (flags.json) return say(JSON.stringify(rows, null, 2));
    if (rows.length === 0) return say('No schedules.');
    for (const r of rows) {
      const next = r.nextActionTimes[0];
      say(
        `${r.scheduleId}  ${r.paused ? 'paused' : 'active'}  next: ${next ? formatTimestamp(Date.parse(next)) : '-'}`,
      );
    }
  });
}

function describeLines(d: ScheduleDescription): string[] {
  return [
    `Schedule ${d.scheduleId}: ${d.state.paused ? 'paused' : 'active'}${d.state.note ? ` (${d.state.note})` : ''}`,
    `Actions taken: ${d.info.numActionsTaken}, missed (catch-up window): ${d.info.numActionsMissedCatchupWindow}, skipped (overlap): ${d.info.numActionsSkippedOverlap}`,
    `Running: ${d.info.runningActions.map((a) => a.workflow.workflowId).join(', ') || '-'}`,
    `Recent: ${d.info.recentActions.map((a) => a.action.workflow.workflowId).join(', ') || '-'}`,
    `Next: ${d.info.nextActionTimes.map((t) => formatTimestamp(t.getTime())).join(', ') || '-'}`,
  ];
}

export async function scheduleCommand(
  command: 'describe' | 'pause' | 'unpause' | 'trigger' | 'delete',
  flags: ScheduleOneFlags,
): Promise<void> {
  await withSteadfast(flags, async (connection) => {
    const handle = connection.client.temporal.schedule.getHandle(flags.id);
    try {
      if (command === 'describe') {
        const d = await handle.describe();
        const json = {
          scheduleId: d.scheduleId,
          paused: d.state.paused,
          note: d.state.note,
          actionsTaken: d.info.numActionsTaken,
          running: d.info.runningActions.map((a) => a.workflow.workflowId),
          recent: d.info.recentActions.map((a) => ({
            workflowId: a.action.workflow.workflowId,
            scheduledAt: a.scheduledAt.toISOString(),
          })),
          nextActionTimes: d.info.nextActionTimes.map((t) => t.toISOString()),
        };
        say(flags.json ? JSON.stringify(json, null, 2) : describeLines(d).join('\n'));
        return;
      }
      if (command === 'pause') await handle.pause(flags.note ?? 'paused with steadfast schedule pause');
      if (command === 'unpause') await handle.unpause(flags.note ?? 'unpaused with steadfast schedule unpause');
      if (command === 'trigger') await handle.trigger();
      if (command === 'delete') await handle.delete();
      say(flags.json ? JSON.stringify({ scheduleId: flags.id, done: command }) : `${command}: ${flags.id}`);
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) throw new CliError(`no schedule with id "${flags.id}"`);
      throw error;
    }
  });
}
