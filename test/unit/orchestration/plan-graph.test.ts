import { findPlanGraphIssues, sinkStepIds } from '../../../src/orchestration/plan-graph';

const step = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });

describe('findPlanGraphIssues', () => {
  it('accepts a sound graph', () => {
    expect(findPlanGraphIssues([step('a'), step('b', 'a'), step('c', 'a'), step('d', 'b', 'c')])).toEqual([]);
  });

  it('names unknown dependencies by step index', () => {
    expect(findPlanGraphIssues([step('a'), step('b'), step('c', 'x')])).toEqual([
      { path: [2, 'dependsOn'], message: 'unknown step "x"' },
    ]);
  });

  it('reports duplicate ids and self-dependencies', () => {
    const issues = findPlanGraphIssues([step('a'), step('a'), step('b', 'b')]);
    expect(issues).toContainEqual({ path: [1, 'id'], message: 'duplicate step id "a" (first used by plan.steps[0])' });
    expect(issues).toContainEqual({ path: [2, 'dependsOn'], message: 'step "b" depends on itself' });
  });

  it('reports each cycle once with its path', () => {
    const issues = findPlanGraphIssues([step('a', 'c'), step('b', 'a'), step('c', 'b'), step('d')]);
    expect(issues).toEqual([{ path: [0, 'dependsOn'], message: 'dependency cycle: a -> c -> b -> a' }]);
  });

  it('finds two independent cycles', () => {
    const issues = findPlanGraphIssues([step('a', 'b'), step('b', 'a'), step('c', 'd'), step('d', 'c')]);
    expect(issues.map((i) => i.message)).toEqual(['dependency cycle: a -> b -> a', 'dependency cycle: c -> d -> c']);
  });
});

describe('sinkStepIds', () => {
  it('lists steps nothing depends on', () => {
    expect(sinkStepIds([step('a'), step('b', 'a'), step('c', 'a')])).toEqual(['b', 'c']);
  });
});
