/** WorkflowService's Schedules API: thin handlers over src/server/schedules. */
import { requireNamespace, type WorkflowServiceHandlers } from '../handler-env';
import {
  countSchedules,
  createSchedule,
  deleteSchedule,
  describeSchedule,
  listMatchingTimes,
  listSchedules,
  patchSchedule,
  updateSchedule,
} from '../../schedules/schedule-operations';

export const scheduleHandlers = {
  CreateSchedule(request, env) {
    return createSchedule(env.ctx, requireNamespace(env, request.namespace).name, request);
  },

  DescribeSchedule(request, env) {
    return describeSchedule(env.ctx, requireNamespace(env, request.namespace).name, request.scheduleId);
  },

  UpdateSchedule(request, env) {
    updateSchedule(env.ctx, requireNamespace(env, request.namespace).name, request);
    return {};
  },

  PatchSchedule(request, env) {
    patchSchedule(env.ctx, requireNamespace(env, request.namespace).name, request.scheduleId, request.patch);
    return {};
  },

  DeleteSchedule(request, env) {
    deleteSchedule(env.ctx, requireNamespace(env, request.namespace).name, request.scheduleId);
    return {};
  },

  ListSchedules(request, env) {
    return listSchedules(env.ctx, requireNamespace(env, request.namespace).name, request);
  },

  CountSchedules(request, env) {
    return countSchedules(env.ctx, requireNamespace(env, request.namespace).name, request.query);
  },

  ListScheduleMatchingTimes(request, env) {
    return listMatchingTimes(env.ctx, requireNamespace(env, request.namespace).name, request);
  },
} satisfies WorkflowServiceHandlers;
