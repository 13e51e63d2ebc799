/**
 * Everything the demo runs besides itself: the embedded dev server (unless it was given a server's address), one
 * orchestrator worker process and the agent pool processes, all started from the demo agents module. stop() may be
 * called at any time, even while processes are still starting, and leaves no child behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DevServerConfig } from '../../config/dev-server-config';
import type { RunningDevServer } from '../../server/dev-server-api';
import { formatReadyLine, formatUiLine } from '../../server/dev-server-process';
import {
  startAgentPoolProcess,
  startOrchestratorWorkerProcess,
  type WorkerChildProcess,
} from '../../workers/worker-child-process';
import { CliError } from '../cli-error';
import { assertServerReachable } from '../connection/server-reachability';
import { ONLINE_AGENTS } from './demo-agents';
import { DEMO_LEDGER_ENV } from './demo-ledger';

export interface DemoClusterOptions {
  /** host:port of a running server; the embedded one is started from `server` otherwise. */
  readonly address?: string | undefined;
  readonly server: DevServerConfig;
  readonly namespace: string;
  /** Ledger file the simulated agents append their side effects to. */
  readonly ledger: string;
  readonly pools: number;
  readonly say: (line: string) => void;
  /** The agents module the worker processes load, and the agents the pools serve (the classic demo's by default). */
  readonly agents?: { readonly module: string; readonly served: readonly string[]; readonly note: string };
}

export interface DemoCluster {
  /** Starts the embedded server, or checks the given one answers; resolves with its address. */
  startServer(): Promise<string>;
  /**
   * The environment the demo and its workers connect with: the user's own (TEMPORAL_* variables, their profile) for a
   * server named by --address; for the embedded server, one where nothing of theirs (an API key, a Cloud profile)
   * points elsewhere. Read after startServer().
   */
  readonly connectionEnv: NodeJS.ProcessEnv;
  /** Starts the worker processes and resolves once every one of them polls. */
  startWorkers(address: string): Promise<void>;
  /** Rejects if a worker process exits before stop(). */
  readonly crashed: Promise<never>;
  /** Stops the worker processes (gracefully, then by force), then the embedded server; says so if any was running. */
  stop(): Promise<void>;
  /** Stops only the worker processes: the embedded server keeps serving (`--keep-server`). */
  stopWorkers(): Promise<void>;
  /** The embedded server's UI address, when it serves one. */
  readonly uiUrl: string | undefined;
}

const WORKER_STOP_TIMEOUT_MS = 10_000;

export function createDemoCluster(options: DemoClusterOptions): DemoCluster {
  const { say } = options;
  let server: RunningDevServer | undefined;
  let connectionEnv: NodeJS.ProcessEnv = process.env;
  const workers: WorkerChildProcess[] = [];
  const starting: Promise<unknown>[] = [];
  let stopping = false;
  let reportCrash: (error: CliError) => void = () => {};
  const crashed = new Promise<never>((_, reject) => (reportCrash = reject));
  crashed.catch(() => undefined);

  const adopt = (label: string, worker: WorkerChildProcess): void => {
    workers.push(worker);
    if (stopping) {
      void worker.stop(WORKER_STOP_TIMEOUT_MS);
      return;
    }
    say(
      `  ${label} ready (pid ${worker.pid}, ${worker.ready.kind === 'agents' ? `agents ${worker.ready.serving}` : `task queue ${worker.ready.serving}`})`,
    );
    void worker.exited.then((exit) => {
      if (stopping) return;
      const lastLine = worker.stderr().trim().split('\n').at(-1) ?? '';
      reportCrash(
        new CliError(
          `the ${label} (pid ${worker.pid}) exited unexpectedly (code ${exit.code}, signal ${exit.signal})${lastLine ? `: ${lastLine}` : ''}`,
        ),
      );
    });
  };

  const launch = (label: string, start: () => Promise<WorkerChildProcess>): Promise<void> => {
    const started = start().then(
      (worker) => adopt(label, worker),
      (error: unknown) => {
        throw new CliError(`could not start the ${label}: ${(error as Error).message}`);
      },
    );
    starting.push(started.catch(() => undefined));
    return started;
  };

  const stopWorkers = async (): Promise<void> => {
    stopping = true;
    await Promise.all(starting);
    await Promise.all(workers.map((worker) => worker.stop(WORKER_STOP_TIMEOUT_MS)));
    workers.length = 0;
  };

  return {
    crashed,

    get uiUrl() {
      return server?.uiUrl;
    },

    get connectionEnv() {
      return connectionEnv;
    },

    async startServer() {
      if (options.address !== undefined) {
        await assertServerReachable(options.address);
        say(`Using the Temporal server at ${options.address}`);
        return options.address;
      }
      say(`Starting the embedded dev server (database: ${options.server.db})`);
      const { startDevServer } = await import('../../server/dev-server');
      server = await startDevServer(options.server);
      if (stopping) {
        await server.close();
        throw new CliError('the demo was stopped while its server started');
      }
      if (server.uiUrl) say(formatUiLine(server.uiUrl, server.uiBuilt));
      say(formatReadyLine(server.address, options.server.db));
      connectionEnv = embeddedServerEnv(process.env, server.address, path.dirname(options.ledger));
      return server.address;
    },

    async startWorkers(address) {
      const module = options.agents?.module ?? demoAgentsModule();
      const served = options.agents?.served ?? ONLINE_AGENTS;
      // Their log lines are kept for a crash report only, so only warnings and errors are worth writing.
      const env = { STEADFAST_LOG_LEVEL: 'WARN', ...connectionEnv, [DEMO_LEDGER_ENV]: options.ledger };
      const spawnOptions = { env };
      const common = { address, namespace: options.namespace, module };
      say(
        `Starting an orchestrator worker and ${options.pools} agent pool process(es) serving ${served.join(', ')}; ` +
          (options.agents?.note ?? 'the reviewer pool stays offline'),
      );
      const launches = [
        launch('orchestrator worker', () =>
          startOrchestratorWorkerProcess(
            // The health registry outlives each run in the demo database; its next run's worker should not wait
            // long for a task left on the sticky queue of the previous run's worker, which is gone.
            { ...common, identity: 'demo-orchestrator', stickyQueueScheduleToStartTimeout: '1s' },
            spawnOptions,
          ),
        ),
        ...Array.from({ length: options.pools }, (_, index) =>
          launch(`agent pool ${index + 1}`, () =>
            startAgentPoolProcess(
              {
                ...common,
                agents: served.join(','),
                identity: `demo-pool-${index + 1}`,
                shutdownGraceTime: '2s',
              },
              spawnOptions,
            ),
          ),
        ),
      ];
      // Every launch is waited for, so a failed one never leaves its siblings unstopped.
      const results = await Promise.allSettled(launches);
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
    },

    stopWorkers,

    async stop() {
      stopping = true;
      await Promise.all(starting);
      if (workers.length > 0 || server) {
        say(server ? 'Stopping the worker processes and the dev server' : 'Stopping the worker processes');
      }
      await stopWorkers();
      await server?.close();
      server = undefined;
    },
  };
}

/** A compiled demo agents module next to this file (or below it): worker processes load it with plain `require`. */
export function demoAgentsModule(relative = 'demo-agents.js'): string {
  const compiled = path.join(__dirname, relative);
  if (!fs.existsSync(compiled)) throw new CliError(`${compiled} is missing; run \`npm run build\` first`);
  return compiled;
}

/**
 * The user's environment without their Temporal settings, and a TOML profile of the demo's own (in its temporary
 * directory) naming the embedded server: the demo and its workers connect the way any Temporal tool would.
 */
function embeddedServerEnv(env: NodeJS.ProcessEnv, address: string, dir: string): NodeJS.ProcessEnv {
  const configFile = path.join(dir, 'temporal.toml');
  fs.writeFileSync(
    configFile,
    `# The demo's embedded dev server\n[profile.default]\naddress = ${JSON.stringify(address)}\n`,
  );
  const own = Object.entries(env).filter(
    ([name]) => !name.startsWith('TEMPORAL_') || name === 'TEMPORAL_GRPC_COMPRESSION',
  );
  return { ...Object.fromEntries(own), TEMPORAL_CONFIG_FILE: configFile };
}
