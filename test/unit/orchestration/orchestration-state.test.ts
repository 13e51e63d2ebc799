import {
  agentResults,
  currentAgents,
  fallbackCount,
  initialOrchestrationState,
  planOutput,
  uniqueStepId,
} from '../../../src/orchestration/orchestration-state';
import { routerTaskInput } from '../../../src/orchestration/router-view';
import { buildResult, buildStatus, visibilityValues } from '../../../src/orchestration/status-view';
import { beginBranch, bypassBranch, newStepRecord, succeedStep } from '../../../src/orchestration/step-records';

function sampleState() {
  const state = initialOrchestrationState({
    orchestrationId: 'o-1',
    goal: 'write a report',
    mode: 'plan',
    startedAt: 1_000,
    deadlineMs: 60_000,
    steps: [
      newStepRecord({ id: 'a', kind: 'agent', agent: 'search' }),
      newStepRecord({ id: 'b', kind: 'agent', agent: 'write', dependsOn: ['a'] }),
      newStepRecord({ id: 'c', kind: 'agent', agent: 'check', dependsOn: ['a'] }),
    ],
  });
  const [a, b, c] = state.steps;
  succeedStep(a!, beginBranch(a!, { mode: 'primary', agent: 'search' }, 1_000), 'facts', 1, 1_100);
  bypassBranch(b!, { mode: 'primary', agent: 'write' }, 'circuit_open', 1_100);
  succeedStep(b!, beginBranch(b!, { mode: 'autonomous', agent: 'write' }, 1_100), 'draft', 1, 1_200);
  beginBranch(c!, { mode: 'primary', agent: 'check' }, 1_100);
  return state;
}

describe('orchestration state', () => {
  it('computes the absolute deadline once', () => {
    expect(sampleState().deadline).toBe(61_000);
  });

  it('reports agents in flight and the fallback count', () => {
    const state = sampleState();
    expect(currentAgents(state)).toEqual(['check']);
    expect(fallbackCount(state)).toBe(1);
    expect(visibilityValues(state)).toEqual({ status: 'running', currentAgent: 'check', fallbackCount: 1 });
    state.paused = true;
    expect(visibilityValues(state).status).toBe('paused');
    expect(buildStatus(state, 2_000).phase).toBe('paused');
  });

  it('makes step ids unique', () => {
    expect(uniqueStepId(sampleState(), 'a')).toBe('a-2');
    expect(uniqueStepId(sampleState(), 'z')).toBe('z');
  });

  it('builds the plan output from its final steps', () => {
    const state = sampleState();
    expect(planOutput(state, state.steps)).toEqual({ b: 'draft' });
    expect(planOutput(state, [state.steps[0]!])).toBe('facts');
  });

  it('builds status and result views', () => {
    const state = sampleState();
    const status = buildStatus(state, 2_000);
    expect(status.steps.map((s) => [s.id, s.state, s.mode, s.currentAgent])).toEqual([
      ['a', 'succeeded', 'primary', undefined],
      ['b', 'succeeded', 'autonomous', undefined],
      ['c', 'running', undefined, 'check'],
    ]);
    expect(status.steps[2]!.durationMs).toBe(900);
    expect(buildResult(state, 2_000)).toMatchObject({
      status: 'completed',
      results: { a: 'facts', b: 'draft' },
      fallbackCount: 1,
    });
    expect(agentResults(state)).toEqual({ a: 'facts', b: 'draft' });
  });

  it('shows the router the steps so far and the remaining budget', () => {
    const state = initialOrchestrationState({ orchestrationId: 'o', goal: 'g', mode: 'router', startedAt: 0 });
    state.steps.push(newStepRecord({ id: 'route-1', kind: 'router', agent: 'planner' }));
    const step = newStepRecord({ id: 'step-1', kind: 'agent', agent: 'search', input: 'q' });
    succeedStep(step, beginBranch(step, { mode: 'primary', agent: 'search' }, 0), 'r', 1, 1);
    state.steps.push(step);
    state.router!.guard = { dispatched: 1, fingerprints: {} };
    expect(routerTaskInput(state, { hint: 1 }, 10)).toEqual({
      routerInput: { hint: 1 },
      history: [{ stepId: 'step-1', agent: 'search', input: 'q', state: 'succeeded', mode: 'primary', result: 'r' }],
      stepsUsed: 1,
      stepsLeft: 9,
    });
  });
});
