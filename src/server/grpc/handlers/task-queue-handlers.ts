/** DescribeTaskQueue: which pollers (worker processes) were seen on a queue recently, and how many tasks wait. */
import { enums } from '../../proto/temporal-proto';
import { timestampFromMs, durationFromMs } from '../../proto/time';
import { invalidArgument } from '../../errors/rpc-error';
import { requireNamespace, type WorkflowServiceHandlers } from '../handler-env';

/** Temporal forgets a poller it has not heard from for five minutes. */
const POLLER_MEMORY_MS = 5 * 60 * 1000;

export const taskQueueHandlers = {
  DescribeTaskQueue(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    const name = request.taskQueue?.name;
    if (!name) throw invalidArgument('TaskQueue is not set on request.');
    const kind = request.taskQueueType === enums.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY ? 'activity' : 'workflow';
    const now = Date.now();
    const pollers = env.matcher
      .recentPollers(namespace, name, kind)
      .filter((p) => now - p.lastAccessTime <= POLLER_MEMORY_MS)
      .map((p) => ({ identity: p.identity, lastAccessTime: timestampFromMs(p.lastAccessTime), ratePerSecond: 0 }));
    const backlog = env.ctx.tasks.backlog(namespace, name, kind);
    const oldest = env.ctx.tasks.oldest(namespace, name, kind);
    return {
      pollers,
      stats: {
        approximateBacklogCount: backlog,
        approximateBacklogAge: durationFromMs(oldest ? Math.max(0, now - oldest.created_at) : 0),
        tasksAddRate: 0,
        tasksDispatchRate: 0,
      },
    };
  },
} satisfies WorkflowServiceHandlers;
