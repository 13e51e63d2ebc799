/**
 * Last line of defence inside the workflow, which cannot run zod: a request must have been parsed by
 * OrchestrationRequestSchema (defaults applied) and its plan graph must be sound.
 */
import type { OrchestrationRequest } from '../config/orchestration-request';
import { findPlanGraphIssues } from './plan-graph';

export function requestIntegrityProblems(request: OrchestrationRequest | undefined): string[] {
  if (request === null || typeof request !== 'object') return ['(root): expected an orchestration request'];
  if (typeof request.goal !== 'string' || request.goal.trim() === '') return ['goal: expected the goal as text'];
  const parsed =
    typeof request.maxSteps === 'number' &&
    typeof request.continueAsNewAfterEvents === 'number' &&
    typeof request.agentHealth === 'object' &&
    typeof request.visibility === 'object';
  if (!parsed) {
    return [
      '(root): the request was not validated; start orchestrations through parseOrchestrationRequest (the Steadfast client does)',
    ];
  }
  if ((request.plan === undefined) === (request.router === undefined)) {
    return ['(root): expected exactly one of "plan" or "router"'];
  }
  if (request.plan === undefined) return [];
  if (!Array.isArray(request.plan.steps) || request.plan.steps.length === 0)
    return ['plan.steps: expected at least one step'];
  return findPlanGraphIssues(request.plan.steps).map(
    (issue) =>
      `plan.steps${issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('')}: ${issue.message}`,
  );
}
