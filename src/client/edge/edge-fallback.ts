/**
 * The edge fallback of SteadfastClient.run: starts on the server if it answers within `after`; otherwise answers
 * autonomously, queues in the outbox, or fails, as the caller chose. Decisions are on disk before the caller hears.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { AgentDefinition } from '../../activities/define-agent';
import type { EdgeConfig, UnreachableOptions } from '../../config/edge-config';
import type { OrchestrationRequest } from '../../config/orchestration-request';
import { FailureType } from '../../orchestration/failure-types';
import { WorkflowNames } from '../../orchestration/names';
import type { OrchestrationResult } from '../../orchestration/status-view';
import type { orchestrate } from '../../workflows/orchestrate';
import { OrchestrationFailedError, OrchestrationNotFoundError, explainStartFailure } from '../orchestration-errors';
import {
  EDGE_ID_REUSE_POLICY,
  orchestrateStartOptions,
  type OrchestrationPlacement,
} from '../orchestration-start-options';
import { EDGE_REASON, edgeCanAnswer, runPlanAtEdge, type EdgeRunOutcome } from './edge-plan-run';
import { submitOutboxEntry } from './edge-submit';
import { Outbox, type OutboxEntry, type OutboxOutcome } from './outbox';
import { OutboxDrainer, type DrainReport } from './outbox-drainer';
import { ServerUnreachableError, callWithin } from './reachability';

/** What run() answers with an `unreachable` option. */
export type EdgeRunResult =
  | (OrchestrationResult & { readonly mode: 'server' })
  | (OrchestrationResult & { readonly mode: 'autonomous'; readonly reason: typeof EDGE_REASON })
  | {
      readonly mode: 'queued';
      readonly status: 'queued';
      readonly orchestrationId: string;
      readonly reason: typeof EDGE_REASON;
      /** Why it was queued although the caller asked for an autonomous answer. */
      readonly detail?: string;
    };

/** `then: "fail"` and the server did not answer in time; the request was not kept. */
export class CoordinatorUnreachableError extends Error {
  override readonly name = 'CoordinatorUnreachableError';
  readonly reason = EDGE_REASON;
  constructor(
    readonly orchestrationId: string,
    afterMs: number,
    cause?: unknown,
  ) {
    super(
      `the Temporal server did not accept orchestration "${orchestrationId}" within ${afterMs} ms, and it was not ` +
        'kept (unreachable.then is "fail"); retry with the same id once the server is back, or choose "queue" or ' +
        '"autonomous" to have the edge keep or answer it',
      { cause },
    );
  }
}

/** A request that was settled at the edge without running on the server (expired, rejected or discarded). */
export class EdgeRequestEndedError extends Error {
  override readonly name = 'EdgeRequestEndedError';
  constructor(
    readonly orchestrationId: string,
    readonly outcome: OutboxOutcome,
    detail?: string,
  ) {
    super(`orchestration "${orchestrationId}" was ${outcome} at the edge${detail ? `: ${detail}` : ''}`);
  }
}

export class EdgeFallback {
  readonly outbox: Outbox;
  readonly drainer: OutboxDrainer;
  private readonly agents: ReadonlyMap<string, AgentDefinition>;
  /** Calls given up on at their cut-off that the SDK may still be retrying; close() waits for them. */
  private readonly abandoned = new Set<Promise<unknown>>();

  constructor(
    private readonly client: Client,
    private readonly config: EdgeConfig,
    private readonly placement: OrchestrationPlacement,
    private readonly result: (id: string) => Promise<OrchestrationResult>,
  ) {
    this.outbox = new Outbox(config.outbox);
    this.agents = new Map((config.agents as unknown as AgentDefinition[]).map((agent) => [agent.name, agent]));
    const submitSettings = {
      startTimeoutMs: config.drain.startTimeout,
      workflowTaskTimeoutMs: placement.workflowTaskTimeoutMs,
    };
    this.drainer = new OutboxDrainer(
      this.outbox,
      (entry) => submitOutboxEntry(client, entry, submitSettings, Date.now(), this.abandoned),
      config.drain,
    );
    this.drainer.setMaxListeners(0);
    // Work left by an earlier process of this application (a crash, an outage that outlived it) drains by itself.
    if (config.autoDrain && this.outbox.due(1).length > 0) this.drainer.wake();
  }

  async run(request: OrchestrationRequest, id: string, unreachable: UnreachableOptions): Promise<EdgeRunResult> {
    // A retry of a request the edge already decided gets that decision, not a second one.
    const known = this.outbox.get(id);
    if (known) return this.answerFor(known);
    try {
      await callWithin(
        this.client,
        unreachable.after,
        () =>
          this.client.workflow.start<typeof orchestrate>(WorkflowNames.orchestrate, {
            ...orchestrateStartOptions(request, id, this.placement),
            workflowIdReusePolicy: EDGE_ID_REUSE_POLICY,
          }),
        this.abandoned,
      );
    } catch (error) {
      if (error instanceof ServerUnreachableError) return this.decide(request, id, unreachable, error);
      // Already there: a retry of a request the server got (perhaps just before a cut); wait for that one.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw explainStartFailure(error);
    }
    return { ...(await this.result(id)), mode: 'server' };
  }

  /** Waits for a queued (or any outbox) request to end: on the server once drained, or at the edge. */
  async wait(id: string): Promise<OrchestrationResult> {
    for (;;) {
      const entry = this.outbox.get(id);
      if (!entry) throw new OrchestrationNotFoundError(id, 'outbox entry');
      if (entry.state === 'settled') return this.settledResult(entry);
      await new Promise<void>((resolve) => {
        const onSettled = (settledId: string) => {
          if (settledId !== id) return;
          done();
        };
        // Another process (`steadfast outbox drain`) may settle it too: look again now and then.
        const timer = setTimeout(() => done(), 500);
        const done = () => {
          clearTimeout(timer);
          this.drainer.off('settled', onSettled);
          resolve();
        };
        this.drainer.on('settled', onSettled);
      });
    }
  }

  /** Entries waiting for the server (with `all`, settled ones too), newest first. */
  list(options: { readonly all?: boolean } = {}): OutboxEntry[] {
    return this.outbox.list(options);
  }

  get(id: string): OutboxEntry | undefined {
    return this.outbox.get(id);
  }

  /** Drains now, once, whatever the backoff says; reports what was settled and whether the server answered. */
  drain(): Promise<DrainReport> {
    return this.drainer.drainOnce();
  }

  /** Drops a request that has not reached the server; false when it had (or no such id). */
  discard(id: string): boolean {
    return this.outbox.settle(id, 'discarded', Date.now());
  }

  async close(): Promise<void> {
    await this.drainer.close();
    await Promise.all([...this.abandoned]);
    this.outbox.close();
  }

  private async decide(
    request: OrchestrationRequest,
    id: string,
    unreachable: UnreachableOptions,
    error: ServerUnreachableError,
  ): Promise<EdgeRunResult> {
    if (unreachable.then === 'fail') throw new CoordinatorUnreachableError(id, unreachable.after, error);
    const receivedAt = Date.now();
    const unsupported = unreachable.then === 'autonomous' ? edgeCanAnswer(request) : undefined;
    if (unreachable.then === 'queue' || unsupported !== undefined) {
      this.outbox.add({ id, decision: 'queue', request, taskQueue: this.placement.taskQueue, receivedAt });
      this.wakeDrain();
      return {
        mode: 'queued',
        status: 'queued',
        orchestrationId: id,
        reason: EDGE_REASON,
        ...(unsupported ? { detail: `queued instead of answered at the edge: ${unsupported}` } : {}),
      };
    }
    const { created } = this.outbox.add({
      id,
      decision: 'autonomous',
      request,
      taskQueue: this.placement.taskQueue,
      receivedAt,
    });
    if (!created) return this.answerFor(this.outbox.get(id)!);
    let outcome: EdgeRunOutcome;
    try {
      outcome = await runPlanAtEdge(request, id, this.agents);
    } catch (failure) {
      this.outbox.requeue(id, failure instanceof Error ? failure.message : String(failure));
      this.wakeDrain();
      throw failure;
    }
    this.outbox.answer(id, outcome);
    this.wakeDrain();
    return answerResult(id, outcome);
  }

  private wakeDrain(): void {
    if (this.config.autoDrain) this.drainer.wake();
  }

  private async answerFor(entry: OutboxEntry): Promise<EdgeRunResult> {
    if (entry.answer) return answerResult(entry.id, entry.answer);
    if (entry.state !== 'settled') {
      return { mode: 'queued', status: 'queued', orchestrationId: entry.id, reason: EDGE_REASON };
    }
    return { ...(await this.settledResult(entry)), mode: 'server' };
  }

  private settledResult(entry: OutboxEntry): Promise<OrchestrationResult> {
    switch (entry.outcome) {
      case 'recorded':
        return Promise.resolve(answerResult(entry.id, entry.answer!));
      case 'started':
      case 'already_started':
      case 'superseded':
        return this.result(entry.id);
      case 'expired':
        return Promise.reject(
          new OrchestrationFailedError({
            orchestrationId: entry.id,
            type: FailureType.StaleInstruction,
            message: 'its deadline passed in the outbox before the server returned (stale_instruction)',
          }),
        );
      default:
        return Promise.reject(new EdgeRequestEndedError(entry.id, entry.outcome ?? 'rejected', entry.lastError));
    }
  }
}

/** The edge's answer as run() returns it; a failed one throws, as a failed orchestration does. */
function answerResult(
  id: string,
  outcome: EdgeRunOutcome,
): OrchestrationResult & {
  readonly mode: 'autonomous';
  readonly reason: typeof EDGE_REASON;
} {
  if (outcome.phase === 'failed' || !outcome.result) {
    throw new OrchestrationFailedError({
      orchestrationId: id,
      type: outcome.failure?.type ?? 'Unknown',
      message: `${outcome.failure?.message ?? 'failed'} (answered at the edge: ${EDGE_REASON})`,
      status: outcome.status,
    });
  }
  return { ...outcome.result, mode: 'autonomous', reason: EDGE_REASON };
}
