/**
 * The Steadfast client: start orchestrations (requests are validated before anything is sent), follow them,
 * steer them with pause/resume/cancel/approve/reject (orchestration-operator.ts), list them, and read the shared
 * agent-health table.
 */
import { randomUUID } from 'node:crypto';
import {
  Client,
  Connection,
  type ScheduleHandle,
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
import { EdgeRunOptionsSchema, type EdgeRunOptionsInput } from '../config/edge-run-options';
import { InvalidConfigError, parseOrThrow } from '../config/parse-config';
import { dataConverterWith } from '../payloads/payload-storage';
import { resolveTemporalConnection, temporalConnectOptions } from '../config/temporal-profile';
import type { AgentHealthView } from '../orchestration/agent-health';
import { WorkflowNames } from '../orchestration/names';
import type { OrchestrationResult, OrchestrationStatus } from '../orchestration/status-view';
import type { ApprovalDecision, OrchestrationListStatus, OrchestrationPhase } from '../orchestration/types';
import { agentHealthQuery, statusQuery } from '../workflows/definitions';
import type { orchestrate } from '../workflows/orchestrate';
import { AdmissionGate } from './admission-control';
import { EdgeFallback, type EdgeRunResult } from './edge/edge-fallback';
import { asOrchestrationError, explainStartFailure } from './orchestration-errors';
import { listQuery, statusOfExecution, summarizeExecution, type OrchestrationSummary } from './orchestration-list';
import { OrchestrationOperator, type ApprovalInput, type PendingApproval } from './orchestration-operator';
import { orchestrationWorkflowOptions, type OrchestrationPlacement } from './orchestration-start-options';
import { createOrchestrationSchedule, type OrchestrationScheduleOptions } from './orchestration-schedule';

export interface OrchestrationHandle {
  readonly id: string;
  /** Run id of the first run (known when this client started it); later runs (continue-as-new) belong to the same orchestration. */
  readonly firstRunId?: string;
  /** Resolves with the result, or rejects with OrchestrationFailedError. */
  result(): Promise<OrchestrationResult>;
  status(): Promise<OrchestrationStatus>;
}

export type { ApprovalInput, PendingApproval } from './orchestration-operator';

export class SteadfastClient {
  private readonly admission?: AdmissionGate;
  private readonly edge?: EdgeFallback;
  private readonly operator: OrchestrationOperator;

  private constructor(
    /** The underlying Temporal client, for anything this API does not cover. */
    readonly temporal: Client,
    private readonly settings: SteadfastClientOptions,
    private readonly ownConnection?: Connection,
  ) {
    if (settings.maxInFlight !== undefined) {
      this.admission = new AdmissionGate(settings.maxInFlight, () => this.countRunning());
    }
    if (settings.edge) {
      this.edge = new EdgeFallback(temporal, settings.edge, this.placement(), (id) => this.result(id));
    }
    this.operator = new OrchestrationOperator({
      temporal,
      healthRegistryId: settings.healthRegistryId,
      status: (id) => this.status(id),
      list: () => this.list(),
    });
  }

  /**
   * Connects to `address` and `namespace`; what they leave out comes from TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
   * TEMPORAL_API_KEY, TEMPORAL_TLS_* and TEMPORAL_PROFILE as every Temporal tool reads them, then the local defaults.
   */
  static async connect(options: SteadfastClientConfigInput = {}): Promise<SteadfastClient> {
    const { address, namespace, ...rest } = parseOrThrow(
      SteadfastClientConfigSchema,
      definedOnly(options),
      'client options',
    );
    const temporal = resolveTemporalConnection(process.env, { address, namespace });
    const settings = { ...rest, namespace: temporal.namespace };
    // With an edge fallback the client must come up while the server is down, so it connects on first use.
    const connectOptions = temporalConnectOptions(temporal);
    const connection = settings.edge ? Connection.lazy(connectOptions) : await Connection.connect(connectOptions);
    return new SteadfastClient(
      new Client({ connection, namespace: settings.namespace, ...dataConverterWith(undefined) }),
      settings,
      connection,
    );
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

  /**
   * Creates a Temporal schedule that starts this request as an orchestration on the given cron expressions, with the
   * options start() uses. Validates the request first, as start() does.
   */
  async schedule(request: OrchestrationRequestInput, options: OrchestrationScheduleOptions): Promise<ScheduleHandle> {
    return createOrchestrationSchedule(this.temporal, this.placement(), parseOrchestrationRequest(request), options);
  }

  private send(
    parsed: OrchestrationRequest,
    id: string | undefined,
  ): Promise<WorkflowHandleWithFirstExecutionRunId<typeof orchestrate>> {
    const { workflowType, ...options } = orchestrationWorkflowOptions(parsed, this.placement());
    return this.temporal.workflow
      .start<typeof orchestrate>(workflowType, { ...options, workflowId: id ?? `orchestration-${randomUUID()}` })
      .catch((error: unknown) => {
        throw explainStartFailure(error);
      });
  }

  private placement(): OrchestrationPlacement {
    return { taskQueue: this.settings.taskQueue, workflowTaskTimeoutMs: this.settings.workflowTaskTimeout };
  }

  /** Orchestrations running on this client's task queue, from visibility. */
  private async countRunning(): Promise<number> {
    const { count } = await this.temporal.workflow.count(
      `WorkflowType = '${WorkflowNames.orchestrate}' AND ExecutionStatus = 'Running' AND TaskQueue = '${this.settings.taskQueue}'`,
    );
    return count;
  }

  /** Starts the orchestration and waits for its result; rejects with OrchestrationFailedError if it fails. */
  run(request: OrchestrationRequestInput, options?: StartOptionsInput): Promise<OrchestrationResult>;
  /**
   * With `unreachable` (needs the client's `edge` settings): when the server does not accept the start within
   * `after`, answers through the agents' autonomous handlers, queues the request in the outbox, or fails
   * (docs/reliability.md, "Edge fallback").
   */
  run(request: OrchestrationRequestInput, options: EdgeRunOptionsInput): Promise<EdgeRunResult>;
  async run(
    request: OrchestrationRequestInput,
    options: StartOptionsInput | EdgeRunOptionsInput = {},
  ): Promise<OrchestrationResult | EdgeRunResult> {
    if (!('unreachable' in options) || options.unreachable === undefined) {
      return (await this.start(request, options)).result();
    }
    const parsed = parseOrchestrationRequest(request);
    const { id, unreachable } = parseOrThrow(EdgeRunOptionsSchema, options, 'run options');
    return this.edgeFallback().run(parsed, id ?? `orchestration-${randomUUID()}`, unreachable);
  }

  /** The edge outbox: requests decided while the server was unreachable, until the server has them. */
  get outbox(): EdgeFallback {
    return this.edgeFallback();
  }

  private edgeFallback(): EdgeFallback {
    if (!this.edge) {
      throw new InvalidConfigError('client options', [
        'edge: an edge fallback needs the client\'s edge settings ({ outbox: "<file>", agents: [...] })',
      ]);
    }
    return this.edge;
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

  /**
   * The status query, with the phase Temporal reports winning when the execution was ended from outside
   * (terminated, timed out or cancelled through Temporal): the workflow never saw that end coming.
   */
  async status(id: string): Promise<OrchestrationStatus> {
    try {
      const handle = this.workflow(id);
      const [status, description] = await Promise.all([handle.query(statusQuery), handle.describe()]);
      const phase = statusOfExecution(description.status.name, status.phase) as OrchestrationPhase | undefined;
      if (phase === undefined || phase === status.phase) return status;
      return { ...status, phase, paused: false };
    } catch (error) {
      throw asOrchestrationError(id, error);
    }
  }

  /**
   * Holds new dispatches; running steps finish, and approval clocks keep running.
   * Throws OperationRefusedError when the orchestration is already paused or has ended.
   */
  pause(id: string): Promise<void> {
    return this.operator.pause(id);
  }

  /** Throws OperationRefusedError when the orchestration is not paused or has ended. */
  resume(id: string): Promise<void> {
    return this.operator.resume(id);
  }

  /**
   * Stops the orchestration: running steps are cancelled and its result has status "cancelled".
   * Throws OperationRefusedError when it has already ended.
   */
  cancel(id: string, reason?: string): Promise<void> {
    return this.operator.cancel(id, reason);
  }

  /**
   * Approves an approval step that is waiting now; resolves with the decision as recorded (who, when, comment).
   * Throws OperationRefusedError with the reason for an unknown step, an agent step, a step not waiting yet or
   * already decided, a paused orchestration, or one that has ended.
   */
  approve(id: string, stepId: string, decision: ApprovalInput = {}): Promise<ApprovalDecision> {
    return this.operator.approve(id, stepId, decision);
  }

  /** Like approve (a paused orchestration may be rejected); a rejection fails the run unless the step continues. */
  reject(id: string, stepId: string, decision: ApprovalInput = {}): Promise<ApprovalDecision> {
    return this.operator.reject(id, stepId, decision);
  }

  /** Newest first; with `status`, only orchestrations in that phase (or awaiting approval). */
  async list(filter: { readonly status?: OrchestrationListStatus } = {}): Promise<OrchestrationSummary[]> {
    const rows: OrchestrationSummary[] = [];
    for await (const info of this.temporal.workflow.list({ query: listQuery(filter.status) })) {
      const summary = summarizeExecution(info);
      if (summary && (filter.status === undefined || summary.status === filter.status)) rows.push(summary);
    }
    return rows;
  }

  /** Approval steps waiting for a decision right now, across running orchestrations (oldest wait first). */
  awaitingApprovals(): Promise<PendingApproval[]> {
    return this.operator.awaitingApprovals();
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
    return this.operator.resetAgent(agent);
  }

  /** Closes the connection if connect() opened it. */
  async close(): Promise<void> {
    await this.edge?.close();
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
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
