/** The Schedules API of WorkflowService over the schedule store: create, describe, update, patch, delete, list, times. */
import { status } from '@grpc/grpc-js';
import type { Relaxed, temporal } from '../proto/temporal-proto';
import { durationFromMs, msFromTimestamp, timestampFromMs } from '../proto/time';
import type { ServerContext } from '../history/server-context';
import { failedPrecondition, invalidArgument, notFound, RpcError } from '../errors/rpc-error';
import { searchAttributeProblem } from '../history/search-attribute-validation';
import { actionTimesBetween, canonicalSpec, compileSpec, ScheduleSpecError } from './schedule-spec';
import { advanceSchedule, catchupWindowMs, jitterSeed } from './scheduler';
import { applyPatch, type SchedulePatch } from './schedule-patch';
import { scheduleInfo, scheduleListEntry } from './schedule-description';
import { scheduleStore, scheduleTimerKey } from './schedule-registry';
import type { Memo, Schedule, ScheduleRecord, SearchAttributes } from './schedule-record';
import { matchesScheduleQuery, parseScheduleQuery } from './schedule-list-query';

/** Temporal's conflict token: the schedule's sequence number as 8 little-endian bytes. */
function encodeToken(token: number): Uint8Array {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64LE(BigInt(token));
  return bytes;
}

function decodeToken(bytes: Uint8Array | null | undefined): number | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  if (bytes.length !== 8) throw invalidArgument('conflictToken is malformed.');
  return Number(Buffer.from(bytes).readBigInt64LE());
}

/** Validates and canonicalises a schedule as Temporal stores it (cron strings compiled, catch-up window explicit). */
function prepareSchedule(ctx: ServerContext, namespace: string, schedule: Schedule | null | undefined): Schedule {
  const action = schedule?.action?.startWorkflow;
  if (!schedule || !action) throw invalidArgument('Schedule action is not set: only startWorkflow actions exist.');
  if (!action.workflowId) throw invalidArgument('WorkflowId is not set on the schedule action.');
  if (!action.workflowType?.name) throw invalidArgument('WorkflowType is not set on the schedule action.');
  if (!action.taskQueue?.name) throw invalidArgument('TaskQueue is not set on the schedule action.');
  const problem = searchAttributeProblem(ctx, namespace, action.searchAttributes?.indexedFields);
  if (problem) throw invalidArgument(problem);
  let spec;
  try {
    spec = canonicalSpec(schedule.spec ?? {});
    compileSpec(spec);
  } catch (err) {
    if (err instanceof ScheduleSpecError) throw invalidArgument(`Invalid schedule spec: ${err.message}`);
    throw err;
  }
  const prepared: Schedule = { ...schedule, spec, policies: { ...schedule.policies } };
  prepared.policies!.catchupWindow = durationFromMs(catchupWindowMs({ schedule: prepared } as ScheduleRecord));
  return prepared;
}

function requireSchedule(ctx: ServerContext, namespace: string, scheduleId: string | null | undefined): ScheduleRecord {
  const record = scheduleId ? scheduleStore(ctx).get(namespace, scheduleId) : undefined;
  if (!record) throw notFound(`schedule "${scheduleId ?? ''}" not found`);
  return record;
}

function checkAttributes(ctx: ServerContext, namespace: string, attributes: SearchAttributes | null | undefined): void {
  const problem = searchAttributeProblem(ctx, namespace, attributes?.indexedFields);
  if (problem) throw invalidArgument(problem);
}

export function createSchedule(
  ctx: ServerContext,
  namespace: string,
  request: Relaxed<temporal.api.workflowservice.v1.ICreateScheduleRequest>,
): { conflictToken: Uint8Array } {
  if (!request.scheduleId) throw invalidArgument('ScheduleId is not set on request.');
  const schedule = prepareSchedule(ctx, namespace, request.schedule);
  checkAttributes(ctx, namespace, request.searchAttributes);
  return ctx.transact(() => {
    const store = scheduleStore(ctx);
    if (store.get(namespace, request.scheduleId!)) {
      throw new RpcError(status.ALREADY_EXISTS, 'schedule with this ID is already registered');
    }
    const now = ctx.now();
    const record: ScheduleRecord = {
      namespace,
      scheduleId: request.scheduleId!,
      schedule,
      memo: (request.memo as Memo | null) ?? undefined,
      searchAttributes: (request.searchAttributes as SearchAttributes | null) ?? undefined,
      state: {
        conflictToken: 1,
        createTime: now,
        processedUntil: now,
        actionCount: 0,
        missedCatchupWindow: 0,
        overlapSkipped: 0,
        bufferDropped: 0,
        buffer: [],
        running: [],
        recentActions: [],
      },
    };
    if (request.initialPatch) applyPatch(record, request.initialPatch as SchedulePatch, now);
    advanceSchedule(ctx, record);
    store.save(record);
    return { conflictToken: encodeToken(record.state.conflictToken) };
  });
}

export function describeSchedule(ctx: ServerContext, namespace: string, scheduleId: string | null | undefined) {
  const record = requireSchedule(ctx, namespace, scheduleId);
  return {
    schedule: record.schedule,
    info: scheduleInfo(record, ctx.now()),
    memo: record.memo,
    searchAttributes: record.searchAttributes,
    conflictToken: encodeToken(record.state.conflictToken),
  };
}

export function updateSchedule(
  ctx: ServerContext,
  namespace: string,
  request: Relaxed<temporal.api.workflowservice.v1.IUpdateScheduleRequest>,
): void {
  const schedule = prepareSchedule(ctx, namespace, request.schedule);
  checkAttributes(ctx, namespace, request.searchAttributes);
  ctx.transact(() => {
    const store = scheduleStore(ctx);
    const record = requireSchedule(ctx, namespace, request.scheduleId);
    const token = decodeToken(request.conflictToken);
    if (token !== undefined && token !== record.state.conflictToken)
      throw failedPrecondition('mismatched conflict token');
    // Due times up to now are handled under the old schedule; the new one acts from now on.
    advanceSchedule(ctx, record);
    const now = ctx.now();
    record.schedule = schedule;
    if (request.searchAttributes) record.searchAttributes = request.searchAttributes as SearchAttributes;
    if (request.memo) record.memo = request.memo as Memo;
    record.state.updateTime = now;
    record.state.processedUntil = now;
    record.state.conflictToken++;
    advanceSchedule(ctx, record);
    store.save(record);
  });
}

export function patchSchedule(
  ctx: ServerContext,
  namespace: string,
  scheduleId: string | null | undefined,
  patch: SchedulePatch | null | undefined,
): void {
  ctx.transact(() => {
    const store = scheduleStore(ctx);
    const record = requireSchedule(ctx, namespace, scheduleId);
    advanceSchedule(ctx, record);
    try {
      applyPatch(record, patch ?? {}, ctx.now());
    } catch (err) {
      if (err instanceof ScheduleSpecError) throw invalidArgument(`Invalid schedule spec: ${err.message}`);
      throw err;
    }
    advanceSchedule(ctx, record);
    store.save(record);
  });
}

export function deleteSchedule(ctx: ServerContext, namespace: string, scheduleId: string | null | undefined): void {
  ctx.transact(() => {
    const record = requireSchedule(ctx, namespace, scheduleId);
    scheduleStore(ctx).delete(namespace, record.scheduleId);
    ctx.timers.deleteForRun(scheduleTimerKey(namespace, record.scheduleId));
  });
}

const DEFAULT_PAGE_SIZE = 1000;

export function listSchedules(
  ctx: ServerContext,
  namespace: string,
  request: Relaxed<temporal.api.workflowservice.v1.IListSchedulesRequest>,
) {
  let query;
  try {
    query = parseScheduleQuery(request.query ?? '');
  } catch (err) {
    throw invalidArgument((err as Error).message);
  }
  const pageSize = request.maximumPageSize && request.maximumPageSize > 0 ? request.maximumPageSize : DEFAULT_PAGE_SIZE;
  let after = request.nextPageToken?.length ? Buffer.from(request.nextPageToken).toString('utf8') : '';
  const now = ctx.now();
  const entries = [];
  let more = false;
  // Filtering happens after reading, so read pages until this one is full or the table ends.
  for (;;) {
    const page = scheduleStore(ctx).page(namespace, after, pageSize + 1);
    for (const record of page) {
      if (entries.length === pageSize) {
        more = true;
        break;
      }
      after = record.scheduleId;
      if (matchesScheduleQuery(query, record)) entries.push(scheduleListEntry(record, now));
    }
    if (more || page.length <= pageSize) break;
  }
  return { schedules: entries, nextPageToken: more ? Buffer.from(after) : new Uint8Array() };
}

export function countSchedules(ctx: ServerContext, namespace: string, queryText: string | null | undefined) {
  let query;
  try {
    query = parseScheduleQuery(queryText ?? '');
  } catch (err) {
    throw invalidArgument((err as Error).message);
  }
  let count = 0;
  for (let after = ''; ;) {
    const page = scheduleStore(ctx).page(namespace, after, DEFAULT_PAGE_SIZE);
    for (const record of page) if (matchesScheduleQuery(query, record)) count++;
    if (page.length < DEFAULT_PAGE_SIZE) return { count };
    after = page[page.length - 1]!.scheduleId;
  }
}

export function listMatchingTimes(
  ctx: ServerContext,
  namespace: string,
  request: Relaxed<temporal.api.workflowservice.v1.IListScheduleMatchingTimesRequest>,
) {
  const record = requireSchedule(ctx, namespace, request.scheduleId);
  const start = msFromTimestamp(request.startTime) ?? 0;
  const end = msFromTimestamp(request.endTime) ?? 0;
  if (end < start) throw invalidArgument('endTime is before startTime.');
  const times = actionTimesBetween(compileSpec(record.schedule.spec ?? {}), jitterSeed(record), start, end, 1000);
  return { startTime: times.map((t) => timestampFromMs(t.next)) };
}
