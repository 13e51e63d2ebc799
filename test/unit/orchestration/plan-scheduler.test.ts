import { dependencyResults, planProgress, readySteps } from '../../../src/orchestration/plan-scheduler';
import type { StepState } from '../../../src/orchestration/types';

const steps = [
  { id: 'fetch', dependsOn: [] },
  { id: 'search', dependsOn: [] },
  { id: 'summarize', dependsOn: ['fetch', 'search'] },
  { id: 'review', dependsOn: ['summarize'] },
];
const lookup = (states: Record<string, StepState>) => (id: string) => states[id];

describe('readySteps', () => {
  it('starts independent steps together', () => {
    expect(readySteps(steps, lookup({}))).toEqual(['fetch', 'search']);
  });

  it('respects the parallelism capacity', () => {
    expect(readySteps(steps, lookup({}), 1)).toEqual(['fetch']);
    expect(readySteps(steps, lookup({}), 0)).toEqual([]);
  });

  it('waits until every dependency is satisfied', () => {
    expect(readySteps(steps, lookup({ fetch: 'succeeded', search: 'running' }))).toEqual([]);
    expect(readySteps(steps, lookup({ fetch: 'succeeded', search: 'succeeded' }))).toEqual(['summarize']);
  });

  it('treats a skipped dependency as satisfied', () => {
    expect(readySteps(steps, lookup({ fetch: 'skipped', search: 'succeeded' }))).toEqual(['summarize']);
  });

  it('never starts dependents of a failed step', () => {
    expect(readySteps(steps, lookup({ fetch: 'failed', search: 'succeeded' }))).toEqual([]);
  });
});

describe('planProgress', () => {
  it('is complete when every step settled', () => {
    const all = lookup({ fetch: 'succeeded', search: 'skipped', summarize: 'succeeded', review: 'succeeded' });
    expect(planProgress(steps, all)).toEqual({ kind: 'complete' });
  });

  it('is in progress while something runs or can start', () => {
    expect(planProgress(steps, lookup({ fetch: 'running' }))).toEqual({ kind: 'in_progress' });
    expect(planProgress(steps, lookup({ fetch: 'succeeded', search: 'succeeded' }))).toEqual({ kind: 'in_progress' });
  });

  it('counts an approval wait as in flight', () => {
    expect(planProgress([{ id: 'ok', dependsOn: [] }], lookup({ ok: 'awaiting_approval' }))).toEqual({
      kind: 'in_progress',
    });
  });

  it('is blocked when remaining steps can never run', () => {
    expect(planProgress(steps, lookup({ fetch: 'failed', search: 'succeeded' }))).toEqual({
      kind: 'blocked',
      stepIds: ['summarize', 'review'],
    });
  });
});

describe('dependencyResults', () => {
  it('passes the results of succeeded dependencies only', () => {
    const records: Record<string, { state: StepState; result?: unknown }> = {
      fetch: { state: 'succeeded', result: { pages: 3 } },
      search: { state: 'skipped' },
    };
    expect(dependencyResults(steps[2]!, (id) => records[id])).toEqual({ fetch: { pages: 3 } });
  });
});
