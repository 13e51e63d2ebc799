/** DescribeTaskQueue: which pollers (worker processes) were seen on a queue recently, and how many tasks wait. */
import { enums } from '../../proto/temporal-proto';
import { timestampFromMs, durationFromMs } from '../../proto/time';
import { invalidArgument } from '../rpc-error';
import { requireNamespace, type RpcHandler } from '../handler-env';

/** Temporal forgets a poller it has not heard from for five minutes. */
const POLLER_MEMORY_MS = 5 * 60 * 1000;

export const taskQueueHandlers: Record<string, RpcHandler> = {
  DescribeTaskQueue(request, env) {
    requireNamespace(env, request.namespace);
    const name: string | undefined = request.taskQueue?.name;
    if (!name) throw invalidArgument('TaskQueue is not set on request.');
    const kind = request.taskQueueType === enums.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY ? 'activity' : 'workflow';
    const now = Date.now();
    const pollers = env.matcher
      .recentPollers(request.namespace, name, kind)
      .filter((p) => now - p.lastAccessTime <= POLLER_MEMORY_MS)
      .map((p) => ({ identity: p.identity, lastAccessTime: timestampFromMs(p.lastAccessTime), ratePerSecond: 0 }));
    const backlog = env.ctx.tasks.backlog(request.namespace, name, kind);
    const oldest = env.ctx.tasks.oldest(request.namespace, name, kind);
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
};
