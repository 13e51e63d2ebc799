/** Orchestration requests of the scenarios: plans of chaos steps, each bound to the scenario's ledger and registry. */
import type { OrchestrationRequestInput } from '../../../src/config/orchestration-request';
import type { StepPolicyOverridesInput } from '../../../src/config/agent-policy-schemas';
import { CHAOS_WORKER, type ChaosStepInput } from './chaos-agents';
import type { PlannedOrchestration } from './load';

export interface PlanShape {
  /** Steps run one after the other. */
  readonly steps: number;
  readonly workMs: number;
  readonly agent?: string;
  /** Agent of each step by index, overriding `agent`. */
  readonly agentOf?: (stepIndex: number) => string;
  /** Input of each step beyond the ledger and work time (a fault). */
  readonly faultOf?: (stepIndex: number) => ChaosStepInput['fault'];
  readonly overrides?: StepPolicyOverridesInput;
  /** Deadline of the whole orchestration. */
  readonly deadline?: string;
}

export interface ScenarioBinding {
  readonly ledger: string;
  readonly registryId: string;
  /** Whether orchestrations consult and feed the shared agent-health registry (the default). */
  readonly agentHealth?: boolean;
}

export function sequentialPlan(binding: ScenarioBinding, shape: PlanShape, goal = 'chaos'): OrchestrationRequestInput {
  const ids = Array.from({ length: shape.steps }, (_, i) => `s${i + 1}`);
  return {
    goal,
    plan: {
      steps: ids.map((id, i) => {
        const fault = shape.faultOf?.(i);
        return {
          id,
          agent: shape.agentOf?.(i) ?? shape.agent ?? CHAOS_WORKER,
          input: { ledger: binding.ledger, workMs: shape.workMs, ...(fault ? { fault } : {}) } satisfies ChaosStepInput,
          dependsOn: i === 0 ? [] : [ids[i - 1]!],
          ...shape.overrides,
        };
      }),
    },
    ...(shape.deadline !== undefined ? { deadline: shape.deadline } : {}),
    agentHealth: { enabled: binding.agentHealth ?? true, registryId: binding.registryId },
  };
}

/** `count` orchestrations with ids `<prefix>-<n>`. */
export function batch(
  prefix: string,
  count: number,
  requestOf: (index: number) => OrchestrationRequestInput,
): PlannedOrchestration[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i + 1}`, request: requestOf(i) }));
}
