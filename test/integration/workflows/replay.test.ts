/**
 * Determinism guard: every recorded history under test/histories replays against the current src/workflows.
 * A change that would break running orchestrations fails here; see docs/patching.md for how to change workflow
 * code safely, and test/support/record-histories.ts for re-recording after an intentional change.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { CHANGE_WAKEUPS_PATCH } from '../../../src/workflows/orchestrate';
import { EARLIER_ATTEMPTS_PATCH } from '../../../src/workflows/step-runner';
import { orchestratorBundle } from '../../support/steadfast-env';
import type { RecordedHistory } from '../../support/record-histories';
import { testLogger } from '../../support/test-log';

const HISTORIES = path.resolve(__dirname, '../../histories');
const files = fs
  .readdirSync(HISTORIES)
  .filter((file) => file.endsWith('.json'))
  .sort();

function readRecorded(file: string): RecordedHistory {
  return JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8')) as RecordedHistory;
}

let current: WorkflowBundle;
beforeAll(async () => {
  current = await orchestratorBundle();
});

test('histories of the main scenarios are recorded', () => {
  const scenarios = new Set(files.map((file) => file.replace(/(\.run-\d+)?\.json$/, '')));
  for (const expected of [
    'parallel-plan',
    'router-driven',
    'routing-loop',
    'fallback-chain',
    'circuit-open',
    'approval-timeout',
    'approval-pause-resume',
    'cancelled',
    'continue-as-new',
    'abandoned-attempts',
    'agent-health-registry',
    'llm-conversation',
    'llm-conversation.conversation',
    'llm-budget-exhausted',
    'llm-budget-exhausted.conversation',
    'llm-continue-as-new.conversation',
  ]) {
    expect(scenarios).toContain(expected);
  }
});

test('both paths of the lean-steps patch stay covered: histories recorded before it and with it', () => {
  const tookPatch = (file: string) => JSON.stringify(readRecorded(file).history).includes('"core_patch"');
  const before = files.filter(
    (file) => file.includes('.before-steadfast-lean-steps.') && !file.startsWith('agent-health-registry'),
  );
  // Conversation child workflows (llm-*.conversation*) are not orchestrations: the lean-steps patch is not theirs.
  const after = files.filter(
    (file) =>
      !file.includes('.before-') && !file.startsWith('agent-health-registry') && !file.includes('.conversation'),
  );
  expect(before.length).toBeGreaterThanOrEqual(10);
  expect(after.length).toBeGreaterThanOrEqual(10);
  expect(before.filter(tookPatch)).toEqual([]);
  expect(after.filter((file) => !tookPatch(file))).toEqual([]);
});

/** The ids of the patches a recorded history took (core_patch markers). */
function patchesOf(file: string): string[] {
  const history = readRecorded(file).history as {
    events: { markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, unknown> } }[];
  };
  return history.events.flatMap(({ markerRecordedEventAttributes: marker }) => {
    if (marker?.markerName !== 'core_patch') return [];
    const data = (marker.details?.['patch-data'] as { payloads: { data: string }[] }).payloads[0]!.data;
    return [(JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { id: string }).id];
  });
}

test('both paths of the earlier-attempts patch stay covered: a step with an abandoned attempt before it and with it', () => {
  expect(patchesOf('abandoned-attempts.before-steadfast-earlier-attempts.json')).not.toContain(EARLIER_ATTEMPTS_PATCH);
  expect(patchesOf('abandoned-attempts.json')).toContain(EARLIER_ATTEMPTS_PATCH);
});

test('both paths of the change-wakeups patch stay covered: every orchestration recorded before it and with it', () => {
  const before = files.filter((file) => file.includes('.before-steadfast-change-wakeups.'));
  const recordedWith = (file: string) => file.replace('.before-steadfast-change-wakeups.', '.');
  expect(before.length).toBeGreaterThanOrEqual(15);
  expect(before.filter((file) => patchesOf(file).includes(CHANGE_WAKEUPS_PATCH))).toEqual([]);
  // Each scenario recorded on the old path has its counterpart on the new one (continue-as-new may take more runs).
  for (const file of before) {
    const counterpart = recordedWith(file);
    expect(files).toContain(counterpart);
    expect(patchesOf(counterpart)).toContain(CHANGE_WAKEUPS_PATCH);
  }
});

test('every recorded history replays against src/workflows without a determinism error', async () => {
  const recorded = files.map((file) => ({ file, ...readRecorded(file) }));
  const fileOfRun = new Map(recorded.map((entry) => [entry.runId, entry.file]));
  const failures: string[] = [];
  let replayed = 0;
  const histories = recorded.map((entry) => ({
    workflowId: entry.workflowId,
    history: entry.history,
  }));
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: current, replayName: 'steadfast-replay' },
    histories,
  )) {
    replayed += 1;
    if (result.error)
      failures.push(`${fileOfRun.get(result.runId) ?? result.runId}: ${result.error.name}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(files.length);
});

test('the guard has teeth: a workflow change that reorders commands fails the replay', async () => {
  const changed = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../fixtures/workflows/changed-orchestrate'),
    logger: testLogger('bundler'),
  });
  const { workflowId, history } = readRecorded('parallel-plan.json');
  await expect(Worker.runReplayHistory({ workflowBundle: changed }, history, workflowId)).rejects.toMatchObject({
    name: 'DeterminismViolationError',
  });
});
