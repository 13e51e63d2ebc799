/**
 * Runs inside the workflow sandbox of orchestrator workers (listed in the bundle's interceptor modules), so it is
 * deterministic and imports only @temporalio/workflow and pure modules. It watches the branches an orchestration
 * dispatches and counts, through the SDK's replay-safe workflow metric meter, the steps each branch answered, the
 * branches abandoned (fallbacks) and the circuit state of agents as read from the health registry; and the requests
 * decided at the edge while the server was unreachable, when they are recorded (recordedOrchestration).
 * It only observes: the promises the workflow awaits are passed back untouched, so no timing changes.
 */
import {
  isCancellation,
  LocalActivityDoBackoff,
  metricMeter,
  workflowInfo,
  type ActivityInput,
  type LocalActivityInput,
  type Next,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type { EdgeRecord } from '../orchestration/edge-record';
import type { HealthSnapshot } from '../orchestration/agent-health';
import { effectiveState } from '../orchestration/circuit-breaker';
import { classifyAgentFailure } from '../orchestration/failure-classifier';
import { OrchestratorActivityNames, WorkflowNames } from '../orchestration/names';
import type {
  DescribedStep,
  ExchangeAgentHealthInput,
  ExchangedAgentHealth,
  ReadAgentHealthInput,
} from '../orchestration/orchestrator-activities-api';
import type { BranchMode, InstructionIdentity } from '../orchestration/types';
import { CIRCUIT_STATE_VALUES, SteadfastMetrics } from './steadfast-metrics';

export const interceptors: WorkflowInterceptorsFactory = () => {
  const { workflowType } = workflowInfo();
  if (workflowType === WorkflowNames.orchestrate) return { outbound: [new BranchMetricsInterceptor()] };
  if (workflowType === WorkflowNames.recordedOrchestration) return { inbound: [new EdgeRecordMetricsInterceptor()] };
  return {};
};

/** Counts a request the edge decided, once, as its record reaches the server. */
class EdgeRecordMetricsInterceptor implements WorkflowInboundCallsInterceptor {
  private readonly edgeOrchestrations = metricMeter.createCounter(
    SteadfastMetrics.edgeOrchestrations.name,
    '',
    SteadfastMetrics.edgeOrchestrations.description,
  );

  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { edge } = input.args[0] as EdgeRecord;
    this.edgeOrchestrations.add(1, { mode: edge.mode, reason: edge.reason });
    return next(input);
  }
}

class BranchMetricsInterceptor implements WorkflowOutboundCallsInterceptor {
  private readonly steps = metricMeter.createCounter(
    SteadfastMetrics.steps.name,
    '',
    SteadfastMetrics.steps.description,
  );
  private readonly fallbacks = metricMeter.createCounter(
    SteadfastMetrics.fallbacks.name,
    '',
    SteadfastMetrics.fallbacks.description,
  );
  private readonly circuits = metricMeter.createGauge(
    SteadfastMetrics.circuitState.name,
    'int',
    '',
    SteadfastMetrics.circuitState.description,
  );

  scheduleActivity(
    input: ActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
  ): Promise<unknown> {
    const reply = next(input);
    const identity = identityOf(input.args[0]);
    if (identity) this.watchBranch(reply, identity.agent, identity.mode);
    return reply;
  }

  scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ): Promise<unknown> {
    const result = next(input);
    if (input.activityType === OrchestratorActivityNames.runAutonomous) {
      const identity = identityOf(input.args[0]);
      if (identity) this.watchBranch(result, identity.agent, 'autonomous');
    } else if (input.activityType === OrchestratorActivityNames.readAgentHealth) {
      const { agents } = input.args[0] as ReadAgentHealthInput;
      result.then(
        (snapshot) => this.recordCircuits(agents, snapshot as HealthSnapshot | null),
        () => undefined,
      );
    } else if (input.activityType === OrchestratorActivityNames.exchangeAgentHealth) {
      const { agents } = input.args[0] as ExchangeAgentHealthInput;
      result.then(
        (exchanged) => this.recordCircuits(agents, (exchanged as ExchangedAgentHealth).snapshot),
        () => undefined,
      );
    } else if (input.activityType === OrchestratorActivityNames.describeStep) {
      result.then(
        (described) => {
          const { health } = described as DescribedStep;
          if (health && 'exchanged' in health) this.recordCircuits(health.agents, health.exchanged.snapshot);
        },
        () => undefined,
      );
    }
    return result;
  }

  private watchBranch(reply: Promise<unknown>, agent: string, mode: BranchMode): void {
    reply.then(
      () => this.steps.add(1, { agent, mode }),
      (error: unknown) => {
        // Cancellation is the orchestration stopping, and a local-activity backoff is a retry the SDK schedules.
        if (isCancellation(error) || error instanceof LocalActivityDoBackoff) return;
        this.fallbacks.add(1, { agent, mode, reason: classifyAgentFailure(error).reason });
      },
    );
  }

  /** Agents the registry does not know yet have a closed circuit. */
  private recordCircuits(agents: readonly string[], snapshot: HealthSnapshot | null): void {
    const now = Date.now();
    for (const agent of agents) {
      const breaker = snapshot?.breakers[agent];
      const state = breaker && snapshot ? effectiveState(breaker, now, snapshot.breakerConfig) : 'closed';
      this.circuits.set(CIRCUIT_STATE_VALUES[state], { agent });
    }
  }
}

function identityOf(argument: unknown): InstructionIdentity | undefined {
  const identity = (argument as { identity?: Partial<InstructionIdentity> } | null)?.identity;
  return typeof identity?.agent === 'string' && typeof identity.mode === 'string'
    ? (identity as InstructionIdentity)
    : undefined;
}
