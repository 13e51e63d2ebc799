/** startDevServer: the embedded Temporal-compatible development server, in-process. */
import { DevServerConfigSchema, type DevServerConfigInput } from '../config/dev-server-config';
import { formatZodError } from '../config/format-zod-error';
import { DevServerStartError, type RunningDevServer } from './dev-server-api';
import { openDatabase } from './store/open-database';
import { DEFAULT_HISTORY_LIMITS, ServerContext } from './history/server-context';
import { TaskMatcher } from './matching/task-matcher';
import { QueryDispatcher } from './matching/query-dispatcher';
import { HistoryWatchers } from './grpc/history-watchers';
import { TimerService } from './timers/timer-service';
import { RpcServer } from './grpc/rpc-server';
import type { ServerEnv } from './grpc/handler-env';
import { executionHandlers } from './grpc/handlers/execution-handlers';
import { taskHandlers } from './grpc/handlers/task-handlers';
import { queryHandlers } from './grpc/handlers/query-handlers';
import { namespaceHandlers } from './grpc/handlers/namespace-handlers';
import { visibilityHandlers } from './grpc/handlers/visibility-handlers';
import { operatorHandlers } from './grpc/handlers/operator-handlers';
import { updateHandlers } from './grpc/handlers/update-handlers';
import { taskQueueHandlers } from './grpc/handlers/task-queue-handlers';
import { scheduleHandlers } from './grpc/handlers/schedule-handlers';
import { onAnyRunClosed } from './schedules/scheduler';
import { UiHttpServer } from './http/ui-http-server';
import { defaultUiAssetsDir } from './http/ui-assets-location';
import { uiUrl } from './http/ui-url';

export { DevServerStartError, type RunningDevServer } from './dev-server-api';

/** Temporal's matching service answers an idle long poll after about a minute. */
const POLL_TIMEOUT_MS = 60_000;
/** How long after its last poll a sticky queue still counts as served (Temporal's matching uses about 10 s). */
const STICKY_POLLER_MEMORY_MS = 10_000;
/** Temporal's history long poll interval. */
const HISTORY_LONG_POLL_MS = 20_000;

export interface DevServerOutput {
  /** Where the server's error lines go; stderr by default (tests send them to their log file). */
  readonly writeLine?: (line: string) => void;
}

export async function startDevServer(
  input: DevServerConfigInput = {},
  output: DevServerOutput = {},
): Promise<RunningDevServer> {
  const parsed = DevServerConfigSchema.safeParse(input);
  if (!parsed.success) throw new DevServerStartError(`invalid server configuration: ${formatZodError(parsed.error)}`);
  const config = parsed.data;

  const db = openDatabase(config.db);
  const ctx = new ServerContext(db, {
    ...DEFAULT_HISTORY_LIMITS,
    suggestContinueAsNewEvents: config.suggestContinueAsNewAfterEvents,
  });
  ctx.transact(() => {
    for (const namespace of ['default', ...config.namespaces]) {
      ctx.namespaces.ensure(namespace);
      for (const [name, type] of Object.entries(config.searchAttributes))
        ctx.searchAttributes.add(namespace, { name, type });
    }
  });

  const writeLine = output.writeLine ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const logError = (where: string, err: unknown) =>
    writeLine(`steadfast server: ${where}: ${(err as Error)?.stack ?? String(err)}`);
  let serverClosed = false;
  const followUpSchedules = (runId: string) => {
    if (serverClosed) return;
    try {
      onAnyRunClosed(ctx, runId);
    } catch (err) {
      logError('schedule', err);
    }
  };
  const matcher = new TaskMatcher(POLL_TIMEOUT_MS);
  const queries = new QueryDispatcher((namespace, taskQueue) => matcher.notify(namespace, taskQueue, 'workflow'));
  const historyWatchers = new HistoryWatchers();
  const timers = new TimerService(ctx, (err) => logError('timer', err));
  ctx.listeners = {
    offerTask: (task) => matcher.offer(task),
    onTimersChanged: (earliestFireAt) => timers.rearm(earliestFireAt),
    onHistoryChanged: (runId, change) => {
      historyWatchers.notify(runId, change);
      queries.onRunChanged(runId);
      // A schedule that started the run follows up in a transaction of its own (never inside the one that closed it).
      if (change.closed) setImmediate(() => followUpSchedules(runId));
    },
  };

  ctx.stickyQueueAlive = (namespace, taskQueue) =>
    matcher.hasLivePoller(namespace, taskQueue, 'workflow', STICKY_POLLER_MEMORY_MS);

  const env: ServerEnv = { ctx, matcher, queries, historyWatchers, historyLongPollMs: HISTORY_LONG_POLL_MS };
  const workflowHandlers = {
    ...namespaceHandlers,
    ...executionHandlers,
    ...taskHandlers,
    ...queryHandlers,
    ...visibilityHandlers,
    ...updateHandlers,
    ...taskQueueHandlers,
    ...scheduleHandlers,
  };
  const rpc = new RpcServer({
    env,
    workflowHandlers,
    operatorHandlers,
    logRpcs: config.logRpcs,
    onInternalError: (method, err) => logError(method, err),
  });
  // The UI's API calls the same handlers in-process: no second gRPC hop.
  const ui = config.ui
    ? new UiHttpServer({
        env,
        handlers: {
          'temporal.api.workflowservice.v1.WorkflowService': workflowHandlers,
          'temporal.api.operatorservice.v1.OperatorService': operatorHandlers,
        },
        readOnly: config.ui.readOnly,
        defaultNamespace: 'default',
        logRpcs: config.logRpcs,
        onInternalError: (method, err) => logError(method, err),
        assetsDir: config.ui.assetsDir ?? defaultUiAssetsDir(),
      })
    : undefined;

  let port: number;
  try {
    port = await rpc.bind(config.host, config.port, config.tls);
  } catch (err) {
    db.close();
    throw new DevServerStartError(`cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
  }
  let uiPort: number | undefined;
  if (ui && config.ui) {
    try {
      uiPort = await ui.listen(config.host, config.ui.port);
    } catch (err) {
      await rpc.close();
      db.close();
      throw new DevServerStartError(
        `cannot serve the UI on ${config.host}:${config.ui.port}: ${(err as Error).message} ` +
          '(choose another port with --ui-port, or run without a UI with --headless)',
      );
    }
  }
  timers.start();

  let closed = false;
  return {
    address: `${config.host}:${port}`,
    port,
    uiUrl: uiPort === undefined ? undefined : uiUrl(config.host, uiPort),
    uiBuilt: ui?.uiBuilt ?? false,
    uiOpenRequests: () => ui?.openRequests ?? 0,
    async close() {
      if (closed) return;
      closed = true;
      serverClosed = true;
      timers.stop();
      matcher.close();
      historyWatchers.closeAll();
      await Promise.all([rpc.close(), ui?.close()]);
      db.close();
    },
  };
}
