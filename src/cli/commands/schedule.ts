/** `steadfast schedule create|list|describe|pause|unpause|trigger|delete`: orchestrations on a schedule (Temporal Schedules). */
import type { Command } from 'commander';
import { z } from 'zod';
import { TaskQueueSchema } from '../../config/temporal-connection';
import { addConnectionOptions, ConnectionFlagsSchema } from '../connection/connection-flags';
import { parseFlags } from '../flags';
import { readRequestFile } from '../orchestrations/request-file';

const ScheduleIdSchema = z
  .string()
  .trim()
  .min(1, { error: 'the schedule id must not be empty' })
  .max(200, { error: 'the schedule id must be at most 200 characters' });

const CreateFlagsSchema = ConnectionFlagsSchema.extend({
  cron: z.array(z.string().trim().min(1, { error: '--cron must not be empty' })).min(1, {
    error: '--cron is required, e.g. --cron "0 9 * * MON-FRI"',
  }),
  id: ScheduleIdSchema.optional(),
  taskQueue: TaskQueueSchema.optional(),
  timezone: z.string().trim().min(1).optional(),
  paused: z.boolean().default(false),
  json: z.boolean().default(false),
});
const ListFlagsSchema = ConnectionFlagsSchema.extend({ json: z.boolean().default(false) });
const OneFlagsSchema = ConnectionFlagsSchema.extend({
  id: ScheduleIdSchema,
  note: z.string().optional(),
  json: z.boolean().default(false),
});

export type ScheduleCreateFlags = z.output<typeof CreateFlagsSchema>;
export type ScheduleListFlags = z.output<typeof ListFlagsSchema>;
export type ScheduleOneFlags = z.output<typeof OneFlagsSchema>;

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command): void {
  const schedule = program
    .command('schedule')
    .description(
      'Run orchestrations on a schedule (Temporal Schedules): create, list, describe, pause, trigger, delete',
    );

  addConnectionOptions(
    schedule
      .command('create')
      .description('Create a schedule that starts the orchestration a JSON request file describes')
      .argument('<request-file>', 'orchestration request as JSON, as for `steadfast run`'),
  )
    .option('--cron <expression>', 'cron expression, e.g. "0 9 * * MON-FRI" (repeat for several)', collect)
    .option('--id <id>', 'schedule id (default: a random one)')
    .option('--task-queue <name>', 'task queue of the orchestrator workers (default: steadfast.orchestrator)')
    .option('--timezone <name>', 'IANA time zone of the cron expressions (default: UTC)')
    .option('--paused', 'create it paused')
    .option('--json', 'print the schedule id as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  steadfast schedule create examples/brief-request.json --cron "0 6 * * *" --id nightly-brief',
    )
    .action(async (file: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(CreateFlagsSchema, { cron: [], ...rawFlags }, { cron: '--cron', id: '--id' });
      const request = readRequestFile(file);
      const { createSchedule } = await import('../orchestrations/schedules');
      await createSchedule(request, flags);
    });

  addConnectionOptions(schedule.command('list').description('List schedules with their state and next run'))
    .option('--json', 'print them as JSON')
    .action(async (rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(ListFlagsSchema, rawFlags);
      const { listSchedules } = await import('../orchestrations/schedules');
      await listSchedules(flags);
    });

  const one = (name: string, description: string, withNote = false) => {
    const command = addConnectionOptions(
      schedule.command(name).description(description).argument('<id>', 'schedule id'),
    ).option('--json', 'print the result as JSON');
    if (withNote) command.option('--note <text>', 'why (shown by describe and the Temporal UI)');
    command.action(async (id: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(OneFlagsSchema, { ...rawFlags, id }, { id: '<id>' });
      const actions = await import('../orchestrations/schedules');
      await actions.scheduleCommand(name as 'describe', flags);
    });
  };
  one('describe', "Show a schedule's spec, state, running orchestrations, recent and next actions");
  one('pause', 'Pause a schedule', true);
  one('unpause', 'Unpause a schedule', true);
  one('trigger', 'Start the scheduled orchestration now');
  one('delete', 'Delete a schedule (orchestrations it started keep running)');
}
