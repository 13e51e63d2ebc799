/**
 * Activities the orchestrator worker runs for its own workflows (as local activities): agent policies,
 * autonomous handlers, and access to the shared agent-health registry through the worker's client.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { parseOrThrow } from '../config/parse-config';
import { HealthRegistryConfigSchema, type HealthRegistryConfigInput } from '../config/health-registry-config';
import type { HealthSnapshot } from '../orchestration/agent-health';
import { FailureType } from '../orchestration/failure-types';
import { QueryNames, SignalNames, WorkflowNames } from '../orchestration/names';
import type {
  HealthRegistryInput,
  OrchestratorActivities,
  ReadAgentHealthInput,
  ReportAgentOutcomeInput,
} from '../orchestration/orchestrator-activities-api';
import type { AgentInstruction } from '../orchestration/types';
import { executeAgentHandler } from './agent-activity';
import type { AgentCatalog } from './agent-catalog';

export interface OrchestratorActivityDeps {
  readonly catalog: AgentCatalog;
  /** Settings the registry starts with when a report creates it. */
  readonly healthRegistry?: HealthRegistryConfigInput;
  /** Defaults to the worker's client available in the activity context. */
  readonly client?: () => Client;
}

export function createOrchestratorActivities(deps: OrchestratorActivityDeps): OrchestratorActivities {
  const registryConfig = parseOrThrow(HealthRegistryConfigSchema, deps.healthRegistry ?? {}, 'health registry config');
  const registryInput: HealthRegistryInput = {
    settings: {
      failureThreshold: registryConfig.failureThreshold,
      cooldownMs: registryConfig.cooldown,
      recentOutcomes: registryConfig.recentOutcomes,
    },
    continueAsNewAfterEvents: registryConfig.continueAsNewAfterEvents,
  };
  const client = deps.client ?? (() => Context.current().client);

  return {
    async steadfastDescribeAgents(agents) {
      return deps.catalog.describe(agents);
    },

    async steadfastRunAutonomous(instruction: AgentInstruction) {
      const definition = deps.catalog.get(instruction.identity.agent);
      if (!definition?.autonomous) {
        throw ApplicationFailure.create({
          message: `agent "${instruction.identity.agent}" has no autonomous handler on this orchestrator worker`,
          type: FailureType.NoAutonomousHandler,
          nonRetryable: true,
        });
      }
      return executeAgentHandler(definition.autonomous, instruction, { heartbeatFraction: definition.heartbeatFraction });
    },

    async steadfastReadAgentHealth({ registryId, agents }: ReadAgentHealthInput) {
      try {
        return await client()
          .workflow.getHandle(registryId)
          .query<HealthSnapshot, [readonly string[]]>(QueryNames.agentBreakers, agents);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return null;
        throw error;
      }
    },

    async steadfastReportAgentOutcome({ registryId, report }: ReportAgentOutcomeInput) {
      await client().workflow.signalWithStart(WorkflowNames.agentHealthRegistry, {
        workflowId: registryId,
        taskQueue: Context.current().info.taskQueue,
        args: [registryInput],
        signal: SignalNames.reportAgentOutcome,
        signalArgs: [report],
      });
    },
  };
}
