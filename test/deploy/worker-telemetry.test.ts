/**
 * Worker processes as the compose files run them (examples/agents.js), against the embedded server. The pool
 * serves every agent but the writer, so the brief's draft step falls back to the writer's alternate; the workers'
 * metrics endpoints, health checks and JSON log lines show it, SDK runtime metrics and Steadfast's own on one
 * endpoint per process.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SteadfastClient } from '../../src/client';
import type { EdgeRecord } from '../../src/orchestration/edge-record';
import { ORCHESTRATOR_TASK_QUEUE, WorkflowNames } from '../../src/orchestration/names';
import type { OrchestrationRequestInput } from '../../src/config/orchestration-request';
import {
  startAgentPoolProcess,
  startOrchestratorWorkerProcess,
  type WorkerChildProcess,
} from '../../src/workers/worker-child-process';
import { freePort } from '../support/free-port';
import { logged } from '../support/test-log';
import { startTestEnv, type TestEnv } from '../support/test-server';
import { sampleValue, scrape } from '../support/prometheus-text';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE_AGENTS = path.join(ROOT, 'examples/agents.js');
const BRIEF_REQUEST = path.join(ROOT, 'examples/brief-request.json');
const WORKER_HEALTH = path.join(ROOT, 'deploy/healthcheck/worker-health.js');
const SERVER_HEALTH = path.join(ROOT, 'deploy/healthcheck/server-health.js');

let env: TestEnv;
let orchestrator: WorkerChildProcess | undefined;
let pool: WorkerChildProcess | undefined;
let orchestratorMetrics: string;
let poolMetrics: string;

beforeAll(async () => {
  env = await startTestEnv();
  orchestratorMetrics = `127.0.0.1:${await freePort()}`;
  poolMetrics = `127.0.0.1:${await freePort()}`;
  const workerEnv = (metrics: string) => ({
    ...process.env,
    TEMPORAL_ADDRESS: env.server.address,
    STEADFAST_METRICS_HOST: '127.0.0.1',
    STEADFAST_METRICS_PORT: metrics.split(':')[1],
    STEADFAST_LOG_LEVEL: 'DEBUG',
  });
  orchestrator = logged(
    'orchestrator',
    await startOrchestratorWorkerProcess({ module: EXAMPLE_AGENTS }, { env: workerEnv(orchestratorMetrics) }),
  );
  pool = logged(
    'agent pool',
    await startAgentPoolProcess(
      { module: EXAMPLE_AGENTS, agents: 'researcher,editor,reviewer' },
      { env: workerEnv(poolMetrics) },
    ),
  );
}, 120_000);

afterAll(async () => {
  await Promise.all([orchestrator?.stop(), pool?.stop()]);
  await env?.close();
});

/** Runs a deploy/ script as the container health check does; resolves with its exit code and stderr. */
async function runScript(script: string, args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await promisify(execFile)(process.execPath, [script, ...args], { cwd: ROOT });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
}

test('an orchestration that falls back shows in Steadfast metrics; SDK metrics share the endpoint', async () => {
  const client = SteadfastClient.fromClient(env.client);
  const request = JSON.parse(fs.readFileSync(BRIEF_REQUEST, 'utf8')) as OrchestrationRequestInput;
  const result = await client.run(request, { id: `telemetry-${Date.now()}` });
  expect(result.steps.map(({ id, mode, state }) => ({ id, mode, state }))).toEqual([
    { id: 'research', mode: 'primary', state: 'succeeded' },
    { id: 'draft', mode: 'alternate', state: 'succeeded' },
    { id: 'review', mode: 'primary', state: 'succeeded' },
  ]);

  const orchestratorSamples = await scrape(orchestratorMetrics);
  expect(
    sampleValue(orchestratorSamples, 'steadfast_fallbacks_total', {
      agent: 'writer',
      mode: 'primary',
      reason: 'no_agent_reachable',
    }),
  ).toBe(1);
  expect(sampleValue(orchestratorSamples, 'steadfast_steps_total', { agent: 'researcher', mode: 'primary' })).toBe(1);
  expect(sampleValue(orchestratorSamples, 'steadfast_steps_total', { agent: 'editor', mode: 'alternate' })).toBe(1);
  expect(sampleValue(orchestratorSamples, 'steadfast_steps_total', { agent: 'reviewer', mode: 'primary' })).toBe(1);
  expect(sampleValue(orchestratorSamples, 'steadfast_circuit_state', { agent: 'writer' })).toBe(0);
  expect(sampleValue(orchestratorSamples, 'steadfast_worker_polling', { kind: 'orchestrator' })).toBe(1);
  expect(sampleValue(orchestratorSamples, 'temporal_workflow_completed', { workflow_type: 'orchestrate' })).toBe(1);

  const poolSamples = await scrape(poolMetrics);
  expect(sampleValue(poolSamples, 'steadfast_worker_polling', { kind: 'agents' })).toBe(1);
  expect(sampleValue(poolSamples, 'temporal_activity_execution_latency_count', { activity_type: 'editor' })).toBe(1);
  expect(
    sampleValue(poolSamples, 'temporal_num_pollers', {
      task_queue: 'steadfast.agent.editor',
      poller_type: 'activity_task',
    }),
  ).toBeGreaterThan(0);
});

test('a request decided at the edge is counted once when its record reaches the server', async () => {
  const record = {
    edge: { mode: 'autonomous', reason: 'coordinator_unreachable', decidedAt: Date.now() },
    status: { orchestrationId: `edge-telemetry-${Date.now()}`, phase: 'completed' },
    result: { status: 'completed', output: 'answered at the edge' },
  } as unknown as EdgeRecord;
  await env.client.workflow.execute(WorkflowNames.recordedOrchestration, {
    taskQueue: ORCHESTRATOR_TASK_QUEUE,
    workflowId: record.status.orchestrationId,
    args: [record],
  });
  const samples = await scrape(orchestratorMetrics);
  expect(
    sampleValue(samples, 'steadfast_edge_orchestrations_total', {
      mode: 'autonomous',
      reason: 'coordinator_unreachable',
    }),
  ).toBe(1);
});

test('the health check scripts pass against polling workers and a serving server', async () => {
  expect(await runScript(WORKER_HEALTH, [orchestratorMetrics])).toEqual({ code: 0, stderr: '' });
  expect(await runScript(WORKER_HEALTH, [poolMetrics])).toEqual({ code: 0, stderr: '' });
  expect(await runScript(SERVER_HEALTH, [env.server.address])).toEqual({ code: 0, stderr: '' });
});

test('every log line of a worker is JSON naming orchestration, step and agent; instruction lines carry all three', async () => {
  const stopped = await pool!.stop();
  expect(stopped).toEqual({ code: 0, signal: null });
  const lines = pool!
    .stderr()
    .split('\n')
    .filter((line) => line !== '');
  expect(lines.length).toBeGreaterThan(0);
  const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const record of records) {
    expect(Object.keys(record)).toEqual(
      expect.arrayContaining(['time', 'level', 'process', 'msg', 'orchestrationId', 'step', 'agent']),
    );
    expect(record.process).toBe('agents');
  }
  const completions = records.filter((record) => record.msg === 'Activity completed');
  expect(
    completions
      .map(({ step, agent, mode }) => ({ step, agent, mode }))
      .sort((x, y) => String(x.step).localeCompare(String(y.step))),
  ).toEqual([
    { step: 'draft', agent: 'editor', mode: 'alternate' },
    { step: 'research', agent: 'researcher', mode: 'primary' },
    { step: 'review', agent: 'reviewer', mode: 'primary' },
  ]);
  for (const completion of completions) expect(completion.orchestrationId).toMatch(/^telemetry-/);
  expect(records).toContainEqual(
    expect.objectContaining({ msg: 'agent pool polling', orchestrationId: null, step: null, agent: null }),
  );

  const afterStop = await runScript(WORKER_HEALTH, [poolMetrics]);
  expect(afterStop.code).toBe(1);
  expect(afterStop.stderr).toMatch(/^unhealthy: no metrics endpoint at 127\.0\.0\.1:\d+: ECONNREFUSED\n$/);
});
