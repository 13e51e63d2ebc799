import { parseDuration } from '../../../src/config/duration';
import { OrchestrationRequestSchema, parseOrchestrationRequest } from '../../../src/config/orchestration-request';
import { InvalidConfigError } from '../../../src/config/parse-config';
import { zodIssueLines } from '../../../src/config/format-zod-error';
import { requestIntegrityProblems } from '../../../src/orchestration/request-integrity';

function problems(input: unknown): string[] {
  const result = OrchestrationRequestSchema.safeParse(input);
  return result.success ? [] : zodIssueLines(result.error, { root: '(root)' });
}

const plan = (...steps: unknown[]) => ({ goal: 'ship it', plan: { steps } });

describe('orchestration request schema', () => {
  it('applies defaults to a minimal plan request', () => {
    const request = parseOrchestrationRequest(
      plan({ id: 'a', agent: 'search' }, { id: 'b', agent: 'write', dependsOn: ['a'] }),
    );
    expect(request.plan!.steps[0]).toEqual({ kind: 'agent', id: 'a', agent: 'search', dependsOn: [] });
    expect(request).toMatchObject({
      maxSteps: 100,
      continueAsNewAfterEvents: 10_000,
      agentHealth: { enabled: true, registryId: 'steadfast-agent-health' },
      visibility: { searchAttributes: false, memo: false },
    });
    expect(request.plan!.maxParallel).toBe(8);
  });

  it('accepts a router request with duration text', () => {
    const request = parseOrchestrationRequest({
      goal: 'g',
      router: { agent: 'planner', timeouts: { heartbeat: '2s' } },
      deadline: '5m',
    });
    expect(request.deadline).toBe(300_000);
    expect(request.router).toMatchObject({ agent: 'planner', loopThreshold: 3, timeouts: { heartbeat: 2_000 } });
  });

  it('names an unknown dependency by its path', () => {
    expect(
      problems(plan({ id: 'a', agent: 'x' }, { id: 'b', agent: 'x' }, { id: 'c', agent: 'x', dependsOn: ['x'] })),
    ).toEqual(['plan.steps[2].dependsOn: unknown step "x"']);
  });

  it('rejects dependency cycles', () => {
    expect(
      problems(plan({ id: 'a', agent: 'x', dependsOn: ['b'] }, { id: 'b', agent: 'x', dependsOn: ['a'] })),
    ).toEqual(['plan.steps[0].dependsOn: dependency cycle: a -> b -> a']);
  });

  it('requires exactly one of plan and router', () => {
    expect(problems({ goal: 'g' })).toEqual(['(root): expected either "plan" or "router"']);
    expect(problems({ goal: 'g', plan: { steps: [{ id: 'a', agent: 'x' }] }, router: { agent: 'r' } })).toEqual([
      'router: "plan" and "router" are mutually exclusive',
    ]);
  });

  it('names bad fields, unknown keys and bad kinds', () => {
    const lines = problems({
      goal: '',
      plan: {
        steps: [
          { id: 'a', agent: 'bad name' },
          { id: 'b', agent: 'x', dependOn: ['a'] },
          { id: 'c', kind: 'robot' },
          'not a step',
          { id: 'd', agent: 'x', timeouts: { heartbeat: 'soon' }, fallback: { onExhausted: 'retry' } },
        ],
      },
      deadline: -5,
    });
    expect(lines).toEqual(
      expect.arrayContaining([
        'goal: must not be empty',
        expect.stringMatching(/^plan\.steps\[0\]\.agent: expected an agent name/),
        'plan.steps[1]: Unrecognized key: "dependOn"',
        'plan.steps[2].kind: expected "agent" or "approval"',
        'plan.steps[3]: expected a step: { id, agent, input?, dependsOn? } or { id, kind: "approval", ... }',
        expect.stringMatching(/^plan\.steps\[4\]\.timeouts\.heartbeat: expected a duration/),
        'plan.steps[4].fallback.onExhausted: expected "skip" or "fail"',
        expect.stringMatching(/^deadline: expected a duration/),
      ]),
    );
  });

  it('checks timeouts against each other', () => {
    expect(problems(plan({ id: 'a', agent: 'x', timeouts: { heartbeat: '1m', startToClose: '10s' } }))).toEqual([
      'plan.steps[0].timeouts.heartbeat: must not be longer than startToClose',
    ]);
  });

  it('rejects plans larger than maxSteps', () => {
    expect(problems({ ...plan({ id: 'a', agent: 'x' }, { id: 'b', agent: 'x' }), maxSteps: 1 })).toEqual([
      'plan.steps: 2 steps exceed maxSteps (1)',
    ]);
  });

  it('fills approval step defaults', () => {
    const request = parseOrchestrationRequest(plan({ id: 'ok', kind: 'approval', timeout: '1h' }));
    expect(request.plan!.steps[0]).toEqual({
      kind: 'approval',
      id: 'ok',
      dependsOn: [],
      timeout: 3_600_000,
      onTimeout: 'reject',
      onReject: 'fail',
    });
  });

  it('throws InvalidConfigError with one line per problem', () => {
    expect(() => parseOrchestrationRequest(plan({ id: 'a', agent: 'x', dependsOn: ['zz'] }))).toThrow(
      new InvalidConfigError('orchestration request', ['plan.steps[0].dependsOn: unknown step "zz"']),
    );
    try {
      parseOrchestrationRequest({});
    } catch (error) {
      expect((error as Error).message).toBe('invalid orchestration request:\n  goal: expected the goal as text');
    }
  });
});

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['1.5s', 1_500],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('rejects other text', () => {
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('10')).toBeUndefined();
  });
});

describe('requestIntegrityProblems (the workflow-side check)', () => {
  it('accepts a parsed request', () => {
    expect(requestIntegrityProblems(parseOrchestrationRequest(plan({ id: 'a', agent: 'x' })))).toEqual([]);
  });

  it('refuses requests that bypassed validation', () => {
    expect(requestIntegrityProblems({ goal: 'g', plan: { steps: [] } } as never)).toEqual([
      '(root): the request was not validated; start orchestrations through parseOrchestrationRequest (the Steadfast client does)',
    ]);
  });

  it('re-checks the plan graph', () => {
    const request = parseOrchestrationRequest(plan({ id: 'a', agent: 'x' }));
    (request.plan!.steps[0] as { dependsOn: string[] }).dependsOn = ['ghost'];
    expect(requestIntegrityProblems(request)).toEqual(['plan.steps[0].dependsOn: unknown step "ghost"']);
  });
});
