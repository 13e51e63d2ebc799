/**
 * Scenario 4c: corrupt and invalid configuration arrives while orchestrations run: requests with a broken plan or
 * contradictory timeouts, an agent pool process whose agents module defines an invalid agent, an orchestrator
 * process with an out-of-range flag. Each is rejected at start with a message naming the field; the running
 * orchestrations are not disturbed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OrchestrationRequestInput } from '../../../../src/config/orchestration-request';
import { startAgentPoolProcess, startOrchestratorWorkerProcess } from '../../../../src/workers/worker-child-process';
import { CHAOS_WORKER } from '../chaos-agents';
import { ChaosCluster, compiledChaosAgentsModule } from '../chaos-cluster';
import { readLedger } from '../ledger';
import { runAll, runOrchestration, type PlannedOrchestration } from '../load';
import { batch, sequentialPlan } from '../requests';
import { ledgerReaches, type ScenarioLog } from '../scenario-kit';
import type { ScenarioReport } from '../scenario-report';
import { analyzeLedger, countOutcomes } from '../tally';

export interface InvalidConfigOptions {
  readonly orchestrations: number;
  readonly workMs: number;
  readonly settleWithinMs: number;
}

export interface Rejection {
  readonly what: string;
  readonly message: string;
  readonly rejectedInMs: number;
}

/** An agents module whose one agent has an impossible heartbeat timeout, as a user might ship it. */
function writeCorruptAgentsModule(dir: string): string {
  const defineAgent = path.resolve(
    path.dirname(compiledChaosAgentsModule()),
    '../../../src/activities/define-agent.js',
  );
  const file = path.join(dir, 'corrupt-agents.js');
  fs.writeFileSync(
    file,
    `module.exports = require(${JSON.stringify(defineAgent)}).defineAgent({\n` +
      `  name: 'summarize', handler: async () => 'summary', timeouts: { heartbeat: 'every now and then' },\n});\n`,
  );
  return file;
}

/** What a process printed before exiting, from the error startWorkerProcess rejects with. */
async function processRejection(what: string, start: () => Promise<unknown>): Promise<Rejection> {
  const began = Date.now();
  try {
    await start();
  } catch (error) {
    const stderr = (error as Error).message.split('stderr:\n')[1] ?? (error as Error).message;
    return { what, message: stderr.trim(), rejectedInMs: Date.now() - began };
  }
  throw new Error(`${what} started although its configuration is invalid`);
}

export async function runInvalidConfig(
  options: InvalidConfigOptions,
  log: ScenarioLog,
): Promise<ScenarioReport & { rejections: Rejection[] }> {
  const began = Date.now();
  const cluster = await ChaosCluster.start('invalid-config');
  try {
    await cluster.startPool({ identity: 'pool-1' });
    await cluster.startOrchestrator({ identity: 'orchestrator' });
    const running = batch('running', options.orchestrations, () =>
      sequentialPlan(cluster, { steps: 2, workMs: options.workMs }),
    );
    log(`  ${running.length} orchestrations running while invalid configuration arrives`);
    const outcomes = runAll(cluster.client, running, options.settleWithinMs);
    await ledgerReaches(
      cluster.ledger,
      1,
      (e) => e.event === 'started',
      'the first step to start',
      options.settleWithinMs,
    );

    const step = { agent: CHAOS_WORKER, input: { ledger: cluster.ledger, workMs: options.workMs } };
    const invalidRequests: PlannedOrchestration[] = [
      {
        id: 'invalid-dependency',
        request: {
          goal: 'g',
          plan: {
            steps: [
              { id: 'a', ...step },
              { id: 'b', ...step, dependsOn: ['nope'] },
            ],
          },
        },
      },
      {
        id: 'invalid-timeouts',
        request: {
          goal: 'g',
          plan: { steps: [{ id: 'a', ...step, timeouts: { heartbeat: '10s', startToClose: '1s' } }] },
        },
      },
      {
        id: 'invalid-goal',
        request: { goal: '   ', plan: { steps: [{ id: 'a', ...step }] } } satisfies OrchestrationRequestInput,
      },
    ];
    const refusedRequests = await Promise.all(
      invalidRequests.map((one) => runOrchestration(cluster.client, one, Date.now() + 10_000)),
    );
    const rejections: Rejection[] = refusedRequests.map((o) => ({
      what: `request ${o.id}`,
      message: o.message ?? '',
      rejectedInMs: (o.settledAt ?? Date.now()) - o.submittedAt,
    }));
    rejections.push(
      await processRejection('agent pool with a corrupt agents module', () =>
        startAgentPoolProcess(
          { address: cluster.address, module: writeCorruptAgentsModule(cluster.scratch) },
          { cwd: cluster.scratch },
        ),
      ),
      await processRejection('orchestrator with an out-of-range flag', () =>
        startOrchestratorWorkerProcess(
          { address: cluster.address, module: compiledChaosAgentsModule(), maxConcurrentWorkflowTaskExecutions: 1 },
          { cwd: cluster.scratch },
        ),
      ),
    );
    for (const rejection of rejections) log(`  rejected ${rejection.what}: ${rejection.message.split('\n').join(' ')}`);

    const settled = [...(await outcomes), ...refusedRequests];
    const entries = readLedger(cluster.ledger);
    return {
      scenario: 'invalid-config',
      title: '4c. Invalid configuration at start',
      failure:
        `${invalidRequests.length} invalid requests, an agent pool with a corrupt agents module and an orchestrator with ` +
        `an out-of-range flag, while ${running.length} orchestrations run.`,
      ...countOutcomes(settled, entries),
      detectionMs: Math.max(...rejections.map((r) => r.rejectedInMs)),
      recoveryMs: null,
      detection: 'submit or process start → rejected with a message naming the field (slowest of them)',
      recovery: 'not applicable: nothing invalid starts, nothing running stops',
      ledger: analyzeLedger(entries),
      figures: Object.fromEntries(
        rejections.map((r) => [
          r.what,
          r.message
            .split('\n')
            .map((line) => line.trim())
            .join(' '),
        ]),
      ),
      rejections,
      wallMs: Date.now() - began,
    };
  } finally {
    await cluster.close();
  }
}
