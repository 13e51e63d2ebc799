/**
 * The durable agent-health registry shared by all orchestrations: it keeps each agent's recent outcomes
 * and circuit breaker, answers queries, and continues as new with its state before history grows large.
 */
import { allHandlersFinished, condition, continueAsNew, log, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  applyAgentOutcome,
  emptyHealthRegistry,
  healthSnapshot,
  healthView,
  isAgentOutcomeReport,
  resetAgentHealth,
} from '../orchestration/agent-health';
import type { HealthRegistryInput } from '../orchestration/orchestrator-activities-api';
import {
  agentBreakersQuery,
  agentHealthQuery,
  reportAgentOutcomeSignal,
  reportAgentOutcomesSignal,
  resetAgentSignal,
} from './definitions';

export async function agentHealthRegistry(input: HealthRegistryInput): Promise<never> {
  const { settings } = input;
  let state = input.state ?? emptyHealthRegistry();

  const apply = (report: unknown): void => {
    if (!isAgentOutcomeReport(report)) {
      log.warn('malformed agent outcome report dropped', { report });
      return;
    }
    state = applyAgentOutcome(state, report, settings);
  };
  setHandler(reportAgentOutcomeSignal, apply);
  setHandler(reportAgentOutcomesSignal, (reports) => {
    if (Array.isArray(reports)) reports.forEach(apply);
    else log.warn('malformed batch of agent outcome reports dropped', { reports });
  });
  setHandler(resetAgentSignal, (agent) => {
    if (typeof agent === 'string') state = resetAgentHealth(state, agent, Date.now());
  });
  setHandler(agentHealthQuery, () => healthView(state, Date.now(), settings));
  setHandler(agentBreakersQuery, (agents) =>
    healthSnapshot(state, Array.isArray(agents) ? agents.filter((a) => typeof a === 'string') : [], settings),
  );

  await condition(() => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= input.continueAsNewAfterEvents;
  });
  await condition(allHandlersFinished);
  return continueAsNew<typeof agentHealthRegistry>({ ...input, state });
}
