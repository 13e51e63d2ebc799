/**
 * Activities the orchestrator worker runs for its own workflows (as local activities): agent policies,
 * autonomous handlers, and access to the shared agent-health registry through the worker's client (health-registry-link).
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { Runtime, type Logger } from '@temporalio/worker';
import { parseOrThrow } from '../config/parse-config';
import {
  HealthRegistryConfigSchema,
  type HealthRegistryConfig,
  type HealthRegistryConfigInput,
} from '../config/health-registry-config';
import { FailureType } from '../orchestration/failure-types';
import { snapshotIsQuiet, type HealthSnapshot } from '../orchestration/agent-health';
import type {
  ExchangeAgentHealthInput,
  HealthRegistryInput,
  OrchestratorActivities,
  ReadAgentHealthInput,
  ReportAgentOutcomeInput,
  ReportAgentOutcomesInput,
} from '../orchestration/orchestrator-activities-api';
import type { AgentInstruction } from '../orchestration/types';
import { executeAgentHandler } from './agent-activity';
import type { AgentCatalog } from './agent-catalog';
import { describeStep } from './describe-step';
import { HealthRegistryLink, jitteredSnapshotAge, type RegistryAddress } from './health-registry-link';

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
  // Batches are sent from a timer, outside any activity's context: the worker runtime's logger takes their warnings.
  // It is looked up while an activity runs, when the runtime exists; a batch retried after the worker stopped must
  // not create a new runtime just to log (an idle runtime that forwards Core's logs keeps its process alive).
  let runtimeLogger: Logger | undefined;
  const registry = new HealthRegistryLink({
    registryInput,
    snapshotMaxAgeMs: registryConfig.snapshotMaxAge,
    readTimeoutMs: registryConfig.readTimeout,
    successFlushIntervalMs: registryConfig.successReportInterval,
    warn: (message, details) => runtimeLogger?.warn(message, details),
  });
  const addressOf = (registryId: string): RegistryAddress => {
    runtimeLogger ??= Runtime.instance().logger;
    return { client: client(), registryId, taskQueue: Context.current().info.taskQueue };
  };

  const activities: OrchestratorActivities = {
    async steadfastDescribeAgents(agents) {
      return deps.catalog.describe(agents);
    },

    async steadfastDescribeStep(input) {
      return describeStep(deps.catalog, (exchange) => activities.steadfastExchangeAgentHealth(exchange), input);
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
      return executeAgentHandler(definition.autonomous, instruction, {
        heartbeatFraction: definition.heartbeatFraction,
      });
    },

    async steadfastReadAgentHealth({ registryId, agents }: ReadAgentHealthInput) {
      return registry.read(addressOf(registryId), agents);
    },

    async steadfastReportAgentOutcome({ registryId, report }: ReportAgentOutcomeInput) {
      await registry.report(addressOf(registryId), report);
    },

    async steadfastExchangeAgentHealth({ registryId, agents, reports }: ExchangeAgentHealthInput) {
      const address = addressOf(registryId);
      for (const report of reports) await registry.report(address, report);
      const snapshot = await registry.read(address, agents);
      // The age is recorded with the result, so a replay reuses the snapshot exactly as long as the first run did.
      return { snapshot, maxAgeMs: jitteredSnapshotAge(snapshotMaxAgeFor(snapshot, agents, registryConfig)) };
    },

    async steadfastReportAgentOutcomes({ registryId, reports }: ReportAgentOutcomesInput) {
      const address = addressOf(registryId);
      for (const report of reports) await registry.report(address, report);
    },
  };
  return activities;
}

/** How long an orchestration may reuse `snapshot` of `agents`: longer while it shows nothing wrong (docs/orchestration.md). */
export function snapshotMaxAgeFor(
  snapshot: HealthSnapshot | null,
  agents: readonly string[],
  config: Pick<HealthRegistryConfig, 'snapshotMaxAge' | 'quietSnapshotMaxAge'>,
): number {
  if (config.snapshotMaxAge === 0 || !snapshotIsQuiet(snapshot, agents)) return config.snapshotMaxAge;
  return Math.max(config.snapshotMaxAge, config.quietSnapshotMaxAge);
}
