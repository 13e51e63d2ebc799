/**
 * `steadfast demo`: a dev server (embedded, or the one --address names), an orchestrator worker and agent pools as
 * real child processes, and a batch of research -> draft -> review orchestrations whose agents misbehave on purpose.
 * Ends with a summary; anything lost or done twice makes the run fail. Ctrl-C stops every child before exiting.
 */
import { setMaxListeners } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DevServerConfig } from '../../config/dev-server-config';
import { registerSteadfastSearchAttributes } from '../../workers/search-attributes';
import { CliError } from '../cli-error';
import { createLiveOutput } from '../output/live-output';
import { listenForShutdownSignal } from '../listen-for-shutdown-signal';
import { connectSteadfast, type CliConnection } from '../connection/steadfast-connection';
import { runDemoBatch } from './demo-batch';
import { createDemoCluster } from './demo-cluster';
import { readLedger } from './demo-ledger';
import { demoOrchestrationIds } from './demo-requests';
import { demoSucceeded, formatDemoSummary } from './demo-summary';
import { tallyDemo } from './demo-tally';
import { llmDemoAgents, llmDemoBatch, llmDemoSummary } from './llm/llm-demo-scenario';
import { demoUiHint } from './demo-ui-hint';

export interface DemoOptions {
  /** host:port of a running server; without it the demo starts an embedded one from `server`. */
  readonly address?: string | undefined;
  readonly server: DevServerConfig;
  readonly namespace: string;
  readonly orchestrations: number;
  readonly pools: number;
  /** `agents` (the classic research -> draft -> review) or `llm` (LLM agents with scripted models). */
  readonly scenario?: 'agents' | 'llm';
  /** After the batch, stop the workers but keep the embedded server (and its UI) running until Ctrl-C. */
  readonly keepServer?: boolean | undefined;
  /** Prints one line. */
  readonly say: (line: string) => void;
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const { say } = options;
  const shutdown = listenForShutdownSignal();
  // While --keep-server serves the finished demo, Ctrl-C is its normal end, not an interruption.
  let serving = false;
  const interrupted = shutdown.received.then((signal): void => {
    if (!serving) throw new CliError(`demo interrupted by ${signal}`, 130);
  });
  interrupted.catch(() => undefined);

  const ledgerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-demo-'));
  const ledger = path.join(ledgerDir, 'ledger.jsonl');
  const llm = options.scenario === 'llm';
  const cluster = createDemoCluster({ ...options, ledger, ...(llm ? { agents: llmDemoAgents() } : {}) });
  let connection: CliConnection | undefined;
  let keepLedger = false;
  // Set once the demo is ending early: the scenario, still awaiting results in the background, goes quiet.
  const ended = new AbortController();
  // Every RPC of the batch listens to this signal (hundreds of them): that is expected, not a leak.
  setMaxListeners(0, ended.signal);

  const scenario = async (): Promise<void> => {
    say(
      llm
        ? `Steadfast LLM demo: ${options.orchestrations} orchestration(s) of research -> draft -> analyze -> review by LLM agents, ` +
            'on real worker processes'
        : `Steadfast demo: ${options.orchestrations} orchestration(s) of research -> draft -> review on real worker processes`,
    );
    const address = await cluster.startServer();
    connection = await connectSteadfast({ address, namespace: options.namespace, env: cluster.connectionEnv });
    const registration = await registerSteadfastSearchAttributes(
      connection.client.temporal.connection,
      options.namespace,
      {
        warn: (line) => say(line),
      },
    );
    await cluster.startWorkers(address);

    const outcomes = await runDemoBatch(connection, {
      ids: demoOrchestrationIds(options.orchestrations),
      searchAttributes: registration.refused === undefined,
      output: createLiveOutput(),
      ended: ended.signal,
      ...(llm ? llmDemoBatch(registration.refused === undefined) : {}),
    });
    if (ended.signal.aborted) return;
    const summary = llm
      ? await llmDemoSummary(connection, outcomes, readLedger(ledger))
      : (() => {
          const tally = tallyDemo(outcomes, readLedger(ledger));
          return { lines: formatDemoSummary(tally), succeeded: demoSucceeded(tally) };
        })();
    say('');
    for (const line of summary.lines) say(line);
    if (!summary.succeeded) {
      keepLedger = true;
      throw new CliError(`the demo lost or duplicated work; the side-effect ledger is kept at ${ledger}`);
    }
    say('');
    const hint = { address: options.address, db: options.server.db, namespace: options.namespace };
    if (options.keepServer && cluster.uiUrl) {
      await cluster.stopWorkers();
      serving = true;
      for (const line of demoUiHint({ ...hint, uiUrl: cluster.uiUrl })) say(line);
      say('The dev server keeps serving the UI until Ctrl-C (--keep-server).');
      await shutdown.received;
      return;
    }
    for (const line of demoUiHint(hint)) say(line);
  };

  try {
    await Promise.race([scenario(), interrupted, cluster.crashed]);
  } finally {
    ended.abort();
    shutdown.dispose();
    await connection?.close();
    await cluster.stop();
    if (!keepLedger) fs.rmSync(ledgerDir, { recursive: true, force: true });
  }
}
