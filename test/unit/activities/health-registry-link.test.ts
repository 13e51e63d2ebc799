/** The orchestrator worker's line to the health registry: snapshots shared for a while, successes batched, failures at once. */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  HealthRegistryLink,
  jitteredSnapshotAge,
  type RegistryAddress,
} from '../../../src/activities/health-registry-link';
import type { AgentOutcomeReport, HealthSnapshot } from '../../../src/orchestration/agent-health';

const SNAPSHOT: HealthSnapshot = { breakerConfig: { failureThreshold: 3, cooldownMs: 30_000 }, breakers: {} };

/** A stand-in for the registry behind a client: counts queries, records signalled batches. */
function fakeRegistry() {
  const queries: Array<readonly string[]> = [];
  const batches: AgentOutcomeReport[][] = [];
  let failSignals = 0;
  let silent = false;
  let exists = true;
  const client = {
    workflow: {
      getHandle: () => ({
        query: async (_name: string, agents: readonly string[]) => {
          queries.push(agents);
          if (!exists) throw new WorkflowNotFoundError('workflow not found', 'registry', undefined);
          return silent ? new Promise<never>(() => undefined) : SNAPSHOT;
        },
      }),
      signalWithStart: async (_type: string, options: { signalArgs: [AgentOutcomeReport[]] }) => {
        if (failSignals > 0) {
          failSignals -= 1;
          throw new Error('14 UNAVAILABLE');
        }
        batches.push(options.signalArgs[0]);
      },
    },
  } as unknown as Client;
  const address: RegistryAddress = { client, registryId: 'registry', taskQueue: 'orchestrator' };
  return {
    address,
    queries,
    batches,
    failNextSignals: (n: number) => (failSignals = n),
    stopAnswering: () => (silent = true),
    answerAgain: () => (silent = false),
    vanish: () => (exists = false),
  };
}

const outcome = (agent: string, ok: boolean, at: number): AgentOutcomeReport => ({
  agent,
  ok,
  at,
  ...(ok ? {} : { reason: 'agent_hung' }),
});

function link(now: () => number, warnings: string[] = []) {
  return new HealthRegistryLink({
    registryInput: {
      settings: { failureThreshold: 3, cooldownMs: 30_000, recentOutcomes: 20 },
      continueAsNewAfterEvents: 5_000,
    },
    snapshotMaxAgeMs: 1_000,
    readTimeoutMs: 250,
    successFlushIntervalMs: 250,
    now,
    warn: (message) => warnings.push(message),
  });
}

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

test('one query serves every dispatch that asks within the snapshot age; after it, the registry is asked again', async () => {
  const registry = fakeRegistry();
  const line = link(Date.now);
  await Promise.all([line.read(registry.address, ['a', 'b']), line.read(registry.address, ['b', 'a'])]);
  await jest.advanceTimersByTimeAsync(999);
  await expect(line.read(registry.address, ['a', 'b'])).resolves.toBe(SNAPSHOT);
  expect(registry.queries).toHaveLength(1);
  await jest.advanceTimersByTimeAsync(1);
  await line.read(registry.address, ['a', 'b']);
  expect(registry.queries).toHaveLength(2);
});

test('past its age, a snapshot is still answered at once, however old, while one fresh one is asked for', async () => {
  const registry = fakeRegistry();
  const line = link(Date.now);
  const first = await line.read(registry.address, ['a']);
  for (const elapsed of [1_500, 60_000]) {
    await jest.advanceTimersByTimeAsync(elapsed);
    const queriesBefore = registry.queries.length;
    registry.stopAnswering();
    // Answered from memory, without a tick of the clock: nothing in a workflow task waits for the registry.
    const settled: unknown[] = [];
    void line.read(registry.address, ['a']).then((value) => settled.push(value));
    void line.read(registry.address, ['a']).then((value) => settled.push(value));
    await jest.advanceTimersByTimeAsync(0);
    expect(settled).toEqual([first, first]);
    expect(registry.queries).toHaveLength(queriesBefore + 1);
    registry.answerAgain();
    await jest.advanceTimersByTimeAsync(0);
  }
});

test('a worker with no snapshot yet waits for the registry at most the read timeout, then treats every agent as healthy', async () => {
  const registry = fakeRegistry();
  const line = link(Date.now);
  registry.stopAnswering();
  const unknown = line.read(registry.address, ['b']);
  const settled: unknown[] = [];
  void unknown.then((value) => settled.push(value));
  await jest.advanceTimersByTimeAsync(249);
  expect(settled).toEqual([]);
  await jest.advanceTimersByTimeAsync(1);
  expect(settled).toEqual([null]);
});

test('a registry that does not exist yet answers with every circuit closed under the worker’s settings', async () => {
  const registry = fakeRegistry();
  registry.vanish();
  await expect(link(Date.now).read(registry.address, ['a', 'b'])).resolves.toEqual({
    breakerConfig: { failureThreshold: 3, cooldownMs: 30_000 },
    breakers: {},
  });
});

test('each orchestration reuses a snapshot for half to all of the maximum age, drawn at random', () => {
  expect(jitteredSnapshotAge(1_000, () => 0)).toBe(500);
  expect(jitteredSnapshotAge(1_000, () => 0.999_999)).toBe(1_000);
  const ages = new Set(Array.from({ length: 50 }, () => jitteredSnapshotAge(1_000)));
  expect(ages.size).toBeGreaterThan(10);
  for (const age of ages) expect(age).toBeGreaterThanOrEqual(500);
  for (const age of ages) expect(age).toBeLessThanOrEqual(1_000);
});

test('successes go in one batch after the interval; a failure goes at once, after the successes before it, and forgets the snapshot', async () => {
  const registry = fakeRegistry();
  const line = link(Date.now);
  await line.read(registry.address, ['a']);
  await line.report(registry.address, outcome('a', true, 1));
  await line.report(registry.address, outcome('a', true, 2));
  expect(registry.batches).toEqual([]);
  await jest.advanceTimersByTimeAsync(250);
  expect(registry.batches).toEqual([[outcome('a', true, 1), outcome('a', true, 2)]]);

  await line.report(registry.address, outcome('a', true, 3));
  await line.report(registry.address, outcome('a', false, 4));
  expect(registry.batches.at(-1)).toEqual([outcome('a', true, 3), outcome('a', false, 4)]);
  await line.read(registry.address, ['a']);
  expect(registry.queries).toHaveLength(2);
  await jest.advanceTimersByTimeAsync(1_000);
  expect(registry.batches).toHaveLength(2);
});

test('reports the registry could not take are kept, in order, and go with the next try', async () => {
  const registry = fakeRegistry();
  const warnings: string[] = [];
  const line = link(Date.now, warnings);
  registry.failNextSignals(1);
  await line.report(registry.address, outcome('a', true, 1));
  await jest.advanceTimersByTimeAsync(250);
  expect(warnings).toHaveLength(1);
  await line.report(registry.address, outcome('a', true, 2));
  await jest.advanceTimersByTimeAsync(250);
  expect(registry.batches).toEqual([[outcome('a', true, 1), outcome('a', true, 2)]]);
});

test('a registry unreachable for five batches in a row: the batch is dropped, and the retries stop', async () => {
  const registry = fakeRegistry();
  const warnings: string[] = [];
  const line = link(Date.now, warnings);
  registry.failNextSignals(100);
  await line.report(registry.address, outcome('a', true, 1));
  await jest.advanceTimersByTimeAsync(5 * 250);
  expect(warnings).toHaveLength(5);
  expect(warnings.at(-1)).toContain('dropped');
  await jest.advanceTimersByTimeAsync(10 * 250);
  expect(warnings).toHaveLength(5);
  expect(registry.batches).toEqual([]);
});

test('a failure the registry could not take fails its report, so the dispatching workflow hears of it', async () => {
  const registry = fakeRegistry();
  const line = link(Date.now);
  registry.failNextSignals(1);
  await expect(line.report(registry.address, outcome('a', false, 1))).rejects.toThrow('UNAVAILABLE');
  // The local activity is retried with the same report: it is sent once.
  await line.report(registry.address, outcome('a', false, 1));
  await line.report(registry.address, outcome('b', false, 2));
  expect(registry.batches).toEqual([[outcome('a', false, 1)], [outcome('b', false, 2)]]);
});
