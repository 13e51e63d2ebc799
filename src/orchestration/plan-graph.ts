/** Structural checks of a plan's dependency graph: duplicate ids, unknown or self dependencies, cycles. */

export interface PlanStepRef {
  readonly id: string;
  readonly dependsOn: readonly string[];
}

/** A problem found in the graph; `path` is relative to the steps array, e.g. [2, 'dependsOn']. */
export interface PlanGraphIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export function findPlanGraphIssues(steps: readonly PlanStepRef[]): PlanGraphIssue[] {
  const issues: PlanGraphIssue[] = [];
  const indexById = new Map<string, number>();
  steps.forEach((step, index) => {
    const first = indexById.get(step.id);
    if (first !== undefined) {
      issues.push({
        path: [index, 'id'],
        message: `duplicate step id "${step.id}" (first used by plan.steps[${first}])`,
      });
    } else {
      indexById.set(step.id, index);
    }
  });
  steps.forEach((step, index) => {
    for (const dep of step.dependsOn) {
      if (dep === step.id) {
        issues.push({ path: [index, 'dependsOn'], message: `step "${step.id}" depends on itself` });
      } else if (!indexById.has(dep)) {
        issues.push({ path: [index, 'dependsOn'], message: `unknown step "${dep}"` });
      }
    }
  });
  for (const cycle of findCycles(steps, indexById)) {
    const start = indexById.get(cycle[0]!)!;
    issues.push({ path: [start, 'dependsOn'], message: `dependency cycle: ${[...cycle, cycle[0]].join(' -> ')}` });
  }
  return issues;
}

/** Each distinct cycle once, as the list of step ids along it (self-dependencies are reported elsewhere). */
function findCycles(steps: readonly PlanStepRef[], indexById: ReadonlyMap<string, number>): string[][] {
  const color = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();

  const visit = (id: string): void => {
    color.set(id, 'visiting');
    stack.push(id);
    const step = steps[indexById.get(id)!]!;
    for (const dep of step.dependsOn) {
      if (dep === id || !indexById.has(dep)) continue;
      const state = color.get(dep);
      if (state === 'visiting') {
        const cycle = stack.slice(stack.indexOf(dep));
        const key = [...cycle].sort().join('\u0000');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (state === undefined) {
        visit(dep);
      }
    }
    stack.pop();
    color.set(id, 'done');
  };

  for (const id of indexById.keys()) {
    if (!color.has(id)) visit(id);
  }
  return cycles;
}

/** Steps that no other step depends on: their results make up a plan's output. */
export function sinkStepIds(steps: readonly PlanStepRef[]): string[] {
  const depended = new Set(steps.flatMap((s) => s.dependsOn));
  return steps.filter((s) => !depended.has(s.id)).map((s) => s.id);
}
