import { collectAgentDefinitions, createAgentCatalog } from '../../../src/activities/agent-catalog';
import { defineAgent, isAgentDefinition } from '../../../src/activities/define-agent';
import { InvalidConfigError } from '../../../src/config/parse-config';

const handler = async () => 'ok';

describe('defineAgent', () => {
  it('applies defaults and derives the task queue from the name', () => {
    const agent = defineAgent({ name: 'search', handler });
    expect(isAgentDefinition(agent)).toBe(true);
    expect(agent).toMatchObject({ name: 'search', taskQueue: 'steadfast.agent.search', concurrency: 4 });
    expect(agent.heartbeatFraction).toBeCloseTo(1 / 3);
    expect(agent.policy).toEqual({
      taskQueue: 'steadfast.agent.search',
      timeouts: { scheduleToStart: 10_000, startToClose: 300_000, heartbeat: 10_000 },
      retry: {
        maxAttempts: 3,
        initialInterval: 500,
        backoffCoefficient: 2,
        maxInterval: 30_000,
        nonRetryableErrorTypes: [],
      },
      fallback: { alternates: [], autonomous: true, onExhausted: 'fail' },
    });
  });

  it('keeps explicit settings, durations as text included', () => {
    const autonomous = async () => 'cached';
    const agent = defineAgent({
      name: 'llm',
      handler,
      autonomous,
      timeouts: { heartbeat: '2s', startToClose: '1m' },
      retry: { maxAttempts: 5 },
      fallback: { alternates: ['llm-backup'], onExhausted: 'skip' },
      concurrency: 16,
      taskQueue: 'gpu-pool',
    });
    expect(agent.autonomous).toBe(autonomous);
    expect(agent.policy).toMatchObject({
      taskQueue: 'gpu-pool',
      timeouts: { heartbeat: 2_000, startToClose: 60_000 },
      retry: { maxAttempts: 5 },
      fallback: { alternates: ['llm-backup'], onExhausted: 'skip', autonomous: true },
    });
  });

  it('names every bad option', () => {
    const define = () =>
      defineAgent({
        name: 'x',
        handler: 'nope' as never,
        concurrency: 0,
        timeouts: { heartbeat: '1h', startToClose: '1m' },
        extra: 1,
      } as never);
    expect(define).toThrow(InvalidConfigError);
    try {
      define();
    } catch (error) {
      expect((error as InvalidConfigError).problems).toEqual([
        'handler: expected a function (input, ctx) => result',
        'timeouts.heartbeat: must not be longer than startToClose',
        'concurrency: Too small: expected number to be >=1',
        '(root): Unrecognized key: "extra"',
      ]);
      expect((error as Error).message.startsWith('invalid agent "x":')).toBe(true);
    }
  });
});

describe('agent catalog', () => {
  const search = defineAgent({ name: 'search', handler, autonomous: handler });
  const write = defineAgent({ name: 'write', handler, retry: { maxAttempts: 1 } });

  it('describes known agents and gives unknown ones the default policy', () => {
    const described = createAgentCatalog([search, write]).describe(['search', 'write', 'remote']);
    expect(described.withAutonomous).toEqual(['search']);
    expect(described.policies.write!.retry.maxAttempts).toBe(1);
    expect(described.policies.remote).toMatchObject({ taskQueue: 'steadfast.agent.remote', retry: { maxAttempts: 3 } });
  });

  it('refuses two agents with one name', () => {
    expect(() => createAgentCatalog([search, defineAgent({ name: 'search', handler })])).toThrow(
      'agent "search" is defined twice',
    );
  });

  it('collects definitions from a module’s exports', () => {
    expect(collectAgentDefinitions({ search, others: [write, 42], default: { search }, helper: () => 1 })).toEqual([
      search,
      write,
    ]);
    expect(collectAgentDefinitions(undefined)).toEqual([]);
  });
});
