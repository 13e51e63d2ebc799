/**
 * The baseline: a straightforward in-memory orchestrator. It takes the same requests as Steadfast, calls the same
 * agent handlers directly (async function calls, no queues, no server), retries and falls back by the same policies,
 * and keeps every orchestration's state in a Map. Fast, and a crash of its process loses all of it.
 */
import type { AgentContext } from '../../src/activities/agent-context';
import type { AnyAgentDefinition } from '../../src/activities/define-agent';
import {
  parseOrchestrationRequest,
  type AgentStep,
  type OrchestrationRequestInput,
} from '../../src/config/orchestration-request';
import { dependencyResults, readySteps } from '../../src/orchestration/plan-scheduler';
import type { StepState } from '../../src/orchestration/types';

interface StepProgress {
  state: StepState;
  result?: unknown;
  error?: string;
}

interface OrchestrationProgress {
  readonly goal: string;
  readonly steps: Map<string, StepProgress>;
  phase: 'running' | 'completed' | 'failed';
}

export interface InMemoryResult {
  readonly orchestrationId: string;
  readonly status: 'completed';
  readonly results: Readonly<Record<string, unknown>>;
}

export class InMemoryOrchestrator {
  private readonly agents: ReadonlyMap<string, AnyAgentDefinition>;
  /** Everything it knows; gone with the process. */
  private readonly orchestrations = new Map<string, OrchestrationProgress>();

  constructor(agents: readonly AnyAgentDefinition[]) {
    this.agents = new Map(agents.map((agent) => [agent.name, agent]));
  }

  phaseOf(orchestrationId: string): OrchestrationProgress['phase'] | undefined {
    return this.orchestrations.get(orchestrationId)?.phase;
  }

  async run(orchestrationId: string, input: OrchestrationRequestInput): Promise<InMemoryResult> {
    const request = parseOrchestrationRequest(input);
    if (!request.plan) throw new Error('the in-memory baseline runs plans, not routers');
    const specs = request.plan.steps.filter((step): step is AgentStep => step.kind === 'agent');
    if (specs.length !== request.plan.steps.length) throw new Error('the in-memory baseline has no approval steps');
    const progress: OrchestrationProgress = {
      goal: request.goal,
      steps: new Map(specs.map((step) => [step.id, { state: 'pending' }])),
      phase: 'running',
    };
    this.orchestrations.set(orchestrationId, progress);
    const stateOf = (id: string) => progress.steps.get(id)?.state;
    const running = new Map<string, Promise<void>>();

    for (;;) {
      const capacity = request.plan.maxParallel - running.size;
      for (const id of readySteps(specs, stateOf, capacity)) {
        const spec = specs.find((step) => step.id === id)!;
        const step = progress.steps.get(id)!;
        step.state = 'running';
        const task = {
          goal: progress.goal,
          input: spec.input,
          results: dependencyResults(spec, (dep) => progress.steps.get(dep)),
        };
        const settle = this.runStep(orchestrationId, spec, task).then(
          (result) => {
            step.state = 'succeeded';
            step.result = result;
          },
          (error: unknown) => {
            step.state = 'failed';
            step.error = String(error);
          },
        );
        running.set(
          id,
          settle.finally(() => running.delete(id)),
        );
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
      const failed = [...progress.steps.entries()].find(([, step]) => step.state === 'failed');
      if (failed) {
        progress.phase = 'failed';
        throw new Error(`step "${failed[0]}" failed: ${failed[1].error}`);
      }
    }
    progress.phase = 'completed';
    const results = Object.fromEntries([...progress.steps.entries()].map(([id, step]) => [id, step.result]));
    return { orchestrationId, status: 'completed', results };
  }

  /** The primary agent, then its alternates, each with its retry policy and start-to-close timeout. */
  private async runStep(
    orchestrationId: string,
    spec: AgentStep,
    task: { goal: string; input: unknown; results: Record<string, unknown> },
  ) {
    const primary = this.agentNamed(spec.agent);
    const alternates = spec.fallback?.alternates ?? primary.policy.fallback.alternates;
    let lastError: unknown;
    for (const [index, name] of [spec.agent, ...alternates].entries()) {
      const agent = this.agentNamed(name);
      const { retry, timeouts } = agent.policy;
      for (let attempt = 1; attempt <= retry.maxAttempts; attempt++) {
        try {
          return await this.callAgent(agent, task, {
            orchestrationId,
            stepId: spec.id,
            attempt,
            mode: index === 0 ? 'primary' : 'alternate',
            timeoutMs: timeouts.startToClose,
          });
        } catch (error) {
          lastError = error;
          if (attempt < retry.maxAttempts) {
            const backoff = Math.min(
              retry.initialInterval * retry.backoffCoefficient ** (attempt - 1),
              retry.maxInterval,
            );
            await new Promise((resolve) => setTimeout(resolve, backoff));
          }
        }
      }
    }
    throw lastError;
  }

  private async callAgent(
    agent: AnyAgentDefinition,
    task: { goal: string; input: unknown; results: Record<string, unknown> },
    call: {
      orchestrationId: string;
      stepId: string;
      attempt: number;
      mode: 'primary' | 'alternate';
      timeoutMs: number;
    },
  ): Promise<unknown> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`agent "${agent.name}" timed out`)), call.timeoutMs);
    const ctx: AgentContext = {
      heartbeat: () => undefined,
      signal: controller.signal,
      orchestrationId: call.orchestrationId,
      stepId: call.stepId,
      attempt: call.attempt,
      idempotencyKey: `${call.orchestrationId}/${call.stepId}`,
      deadline: new Date(Date.now() + call.timeoutMs),
      agent: agent.name,
      mode: call.mode,
    };
    try {
      return await agent.handler(task, ctx);
    } finally {
      clearTimeout(timer);
    }
  }

  private agentNamed(name: string): AnyAgentDefinition {
    const agent = this.agents.get(name);
    if (!agent) throw new Error(`no agent "${name}" is defined`);
    return agent;
  }
}
