/**
 * The Steadfast client: start orchestrations (requests are validated before anything is sent), follow them,
 * steer them with pause/resume/cancel/approve/reject, list them, and read the shared agent-health table.
 */
import { randomUUID } from 'node:crypto';
import {
  Client,
  Connection,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import {
  OrchestrationIdSchema,
  StartOptionsSchema,
  SteadfastClientConfigSchema,
  SteadfastClientOptionsSchema,
  type StartOptionsInput,
  type SteadfastClientConfigInput,
  type SteadfastClientOptions,
  type SteadfastClientOptionsInput,
} from '../config/client-config';
import {
  parseOrchestrationRequest,
  type OrchestrationRequest,
  type OrchestrationRequestInput,
} from '../config/orchestration-request';
import { parseOrThrow } from '../config/parse-config';
import { temporalEnvironment } from '../config/temporal-connection';
import type { AgentHealthView } from '../orchestration/agent-health';
import { WorkflowNames } from '../orchestration/names';
import type { OrchestrationResult, OrchestrationStatus } from '../orchestration/status-view';
import type { OrchestrationPhase } from '../orchestration/types';
import {
  agentHealthQuery,
  approveSignal,
  cancelSignal,
  pauseSignal,
  rejectSignal,
  resetAgentSignal,
  resumeSignal,
  statusQuery,
} from '../workflows/definitions';
import type { orchestrate } from '../workflows/orchestrate';
import { AdmissionGate } from './admission-control';
import { asOrchestrationError, explainStartFailure, OrchestrationNotFoundError } from './orchestration-errors';
import { listQuery, summarizeExecution, type OrchestrationSummary } from './orchestration-list';
import { FallbackCountKey, StatusKey } from './visibility-keys';

export interface OrchestrationHandle {
  readonly id: string;
  /** Run id of the first run (known when this client started it); later runs (continue-as-new) belong to the same orchestration. */
  readonly firstRunId?: string;
  /** Resolves with the result, or rejects with OrchestrationFailedError. */
  result(): Promise<OrchestrationResult>;
  status(): Promise<OrchestrationStatus>;
}

export interface ApprovalInput {
  readonly by?: string;
  readonly comment?: string;
}

export class SteadfastClient {
  private readonly admission?: AdmissionGate;

  private constructor(
    /** The underlying Temporal client, for anything this API does not cover. */
    readonly temporal: Client,
    private readonly settings: SteadfastClientOptions,
    private readonly ownConnection?: Connection,
  ) {
    if (settings.maxInFlight !== undefined) {
      this.admission = new AdmissionGate(settings.maxInFlight, () => this.countRunning());
    }
  }

  /** Connects to `address` (default TEMPORAL_ADDRESS, then 127.0.0.1:7233) and `namespace` (TEMPORAL_NAMESPACE, then "default"). */
  static async connect(options: SteadfastClientConfigInput = {}): Promise<SteadfastClient> {
    const { address, ...settings } = parseOrThrow(
      SteadfastClientConfigSchema,
      { ...temporalEnvironment(), ...definedOnly(options) },
      'client options',
    );
    const connection = await Connection.connect({ address });
    return new SteadfastClient(new Client({ connection, namespace: settings.namespace }), settings, connection);
  }

  /** Wraps an existing Temporal client; closing this client leaves its connection open. */
  static fromClient(client: Client, options: SteadfastClientOptionsInput = {}): SteadfastClient {
    const settings = parseOrThrow(
      SteadfastClientOptionsSchema,
      { namespace: client.options.namespace, ...definedOnly(options) },
      'client options',
    );
    return new SteadfastClient(client, settings);
  }

  /**
   * Validates the request first: a bad one throws InvalidConfigError naming each field, and nothing is sent.
   * With maxInFlight set, throws OrchestrationOverloadedError instead of starting while that many are running.
   */
  async start(request: OrchestrationRequestInput, options: StartOptionsInput = {}): Promise<OrchestrationHandle> {
    const parsed = parseOrchestrationRequest(request);
    const { id } = parseOrThrow(StartOptionsSchema, options, 'start options');
    const send = () => this.send(parsed, id);
    const handle = await (this.admission ? this.admission.admit(send) : send());
    return this.handleFor(handle.workflowId, handle.firstExecutionRunId);
  }

  private send(
    parsed: OrchestrationRequest,
    id: string | undefined,
  ): Promise<WorkflowHandleWithFirstExecutionRunId<typeof orchestrate>> {
    return this.temporal.workflow
      .start<typeof orchestrate>(WorkflowNames.orchestrate, {
        taskQueue: this.settings.taskQueue,
        workflowTaskTimeout: this.settings.workflowTaskTimeout,
        workflowId: id ?? `orchestration-${randomUUID()}`,
        args: [parsed],
        ...(parsed.visibility.memo ? { memo: { goal: parsed.goal, mode: parsed.plan ? 'plan' : 'router' } } : {}),
        ...(parsed.visibility.searchAttributes
          ? {
              typedSearchAttributes: [
                { key: StatusKey, value: 'running' },
                { key: FallbackCountKey, value: 0 },
              ],
            }
          : {}),
      })
      .catch((error: unknown) => {
        throw explainStartFailure(error);
      });
  }

  /** Orchestrations running on this client's task queue, from visibility. */
  private async countRunning(): Promise<number> {
    const { count } = await this.temporal.workflow.count(
      `WorkflowType = '${WorkflowNames.orchestrate}' AND ExecutionStatus = 'Running' AND TaskQueue = '${this.settings.taskQueue}'`,
    );
    return count;
  }

  /** Starts the orchestration and waits for its result; rejects with OrchestrationFailedError if it fails. */
  async run(request: OrchestrationRequestInput, options: StartOptionsInput = {}): Promise<OrchestrationResult> {
    return (await this.start(request, options)).result();
  }

  /** A handle on an orchestration started earlier. */
  handle(id: string): OrchestrationHandle {
    return this.handleFor(parseOrThrow(OrchestrationIdSchema, id, 'orchestration id'));
  }

  async result(id: string): Promise<OrchestrationResult> {
    try {
      return await this.workflow(id).result();
    } catch (error) {
      throw asOrchestrationError(id, error);
    }
  }

  async status(id: string): Promise<OrchestrationStatus> {
    try {
      return await this.workflow(id).query(statusQuery);
    } catch (error) {
      throw asOrchestrationError(id, error);
    }
  }

  /** Holds new dispatches; running steps finish, and approval clocks keep running. */
  pause(id: string): Promise<void> {
    return this.signal(id, () => this.workflow(id).signal(pauseSignal));
  }

  resume(id: string): Promise<void> {
    return this.signal(id, () => this.workflow(id).signal(resumeSignal));
  }

  /** Stops the orchestration: running steps are cancelled and its result has status "cancelled". */
  cancel(id: string, reason?: string): Promise<void> {
    return this.signal(id, () => this.workflow(id).signal(cancelSignal, reason));
  }

  approve(id: string, stepId: string, decision: ApprovalInput = {}): Promise<void> {
    return this.signal(id, () => this.workflow(id).signal(approveSignal, { stepId, ...definedOnly(decision) }));
  }

  reject(id: string, stepId: string, decision: ApprovalInput = {}): Promise<void> {
    return this.signal(id, () => this.workflow(id).signal(rejectSignal, { stepId, ...definedOnly(decision) }));
  }

  /** Newest first; with `status`, only orchestrations in that phase. */
  async list(filter: { readonly status?: OrchestrationPhase } = {}): Promise<OrchestrationSummary[]> {
    const rows: OrchestrationSummary[] = [];
    for await (const info of this.temporal.workflow.list({ query: listQuery(filter.status) })) {
      const summary = summarizeExecution(info);
      if (summary && (filter.status === undefined || summary.status === filter.status)) rows.push(summary);
    }
    return rows;
  }

  /** The agent-health registry's table, one row per agent that has been dispatched to; empty before the first report. */
  async agents(): Promise<AgentHealthView[]> {
    try {
      return await this.temporal.workflow.getHandle(this.settings.healthRegistryId).query(agentHealthQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return [];
      throw error;
    }
  }

  /** Operator override: forget an agent's failures and close its circuit. */
  resetAgent(agent: string): Promise<void> {
    const registry = this.settings.healthRegistryId;
    return this.signal(
      registry,
      () => this.temporal.workflow.getHandle(registry).signal(resetAgentSignal, agent),
      'agent-health registry',
    );
  }

  /** Closes the connection if connect() opened it. */
  async close(): Promise<void> {
    await this.ownConnection?.close();
  }

  private workflow(id: string): WorkflowHandle<typeof orchestrate> {
    return this.temporal.workflow.getHandle<typeof orchestrate>(id);
  }

  private handleFor(id: string, firstRunId?: string): OrchestrationHandle {
    return {
      id,
      ...(firstRunId !== undefined ? { firstRunId } : {}),
      result: () => this.result(id),
      status: () => this.status(id),
    };
  }

  private async signal(id: string, send: () => Promise<void>, what = 'running orchestration'): Promise<void> {
    try {
      await send();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new OrchestrationNotFoundError(id, what);
      throw error;
    }
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
