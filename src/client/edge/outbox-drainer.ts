/**
 * Drains the outbox to the server once it is reachable again: oldest first, at most `maxConcurrentStarts` submissions
 * in flight (admission control, so a long outage does not flood the server), exponential backoff while it is not.
 */
import { EventEmitter } from 'node:events';
import type { EdgeDrainSettings } from '../../config/edge-config';
import type { Outbox, OutboxEntry, OutboxOutcome } from './outbox';
import { isUnreachable } from './reachability';

export type Submit = (entry: OutboxEntry) => Promise<OutboxOutcome>;

export interface DrainReport {
  /** Entries settled in this pass, by outcome. */
  readonly settled: Partial<Record<OutboxOutcome, number>>;
  /** Tries that failed for another reason than reachability (retried up to maxAttempts). */
  readonly failed: number;
  /** The server could not be reached; the pass stopped. */
  readonly unreachable: boolean;
  /** Entries still waiting after the pass. */
  readonly remaining: number;
}

/** Emits `settled` (id, outcome) for every entry it settles. */
export class OutboxDrainer extends EventEmitter {
  private running: Promise<void> | undefined;
  private woken = false;
  private closed = false;
  private backoffTimer?: NodeJS.Timeout;
  private wakeBackoff: (() => void) | undefined;

  constructor(
    private readonly outbox: Outbox,
    private readonly submit: Submit,
    private readonly settings: EdgeDrainSettings,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  /** Makes sure a background drain runs until the outbox is empty (or the drainer is closed). */
  wake(): void {
    if (this.closed) return;
    // A backoff in progress is not cut short: requests arriving during an outage must not hammer the server.
    this.woken = true;
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
      if (this.woken && !this.closed) this.wake();
    });
  }

  /** One pass now, whatever the backoff says (used by `steadfast outbox drain`). */
  async drainOnce(): Promise<DrainReport> {
    const settled: Partial<Record<OutboxOutcome, number>> = {};
    let failed = 0;
    let unreachable = false;
    const busy = new Set<string>();
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      if (unreachable || this.closed) break;
      const free = this.settings.maxConcurrentStarts - inFlight.size;
      const next = free > 0 ? this.outbox.due(free + busy.size).filter((entry) => !busy.has(entry.id)) : [];
      if (next.length === 0 && inFlight.size === 0) break;
      for (const entry of next.slice(0, free)) {
        busy.add(entry.id);
        const task = this.submitOne(entry)
          .then((result) => {
            if (result === 'unreachable') unreachable = true;
            else if (result === 'failed') failed += 1;
            else settled[result] = (settled[result] ?? 0) + 1;
          })
          .finally(() => {
            inFlight.delete(task);
            busy.delete(entry.id);
          });
        inFlight.add(task);
      }
      if (inFlight.size > 0) await Promise.race(inFlight);
      // Entries that failed this pass wait for the next one (after a backoff) rather than being retried at once.
      if (failed > 0 && inFlight.size === 0) break;
    }
    await Promise.all(inFlight);
    return { settled, failed, unreachable, remaining: this.outbox.due(Number.MAX_SAFE_INTEGER).length };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeBackoff?.();
    await this.running;
  }

  private async submitOne(entry: OutboxEntry): Promise<OutboxOutcome | 'unreachable' | 'failed'> {
    try {
      const outcome = await this.submit(entry);
      if (this.outbox.settle(entry.id, outcome, this.now())) this.emit('settled', entry.id, outcome);
      return outcome;
    } catch (error) {
      if (isUnreachable(error)) return 'unreachable';
      const message = error instanceof Error ? error.message : String(error);
      const attempts = this.outbox.failedAttempt(entry.id, message);
      if (attempts >= this.settings.maxAttempts && this.outbox.settle(entry.id, 'rejected', this.now(), message)) {
        this.emit('settled', entry.id, 'rejected');
      }
      return 'failed';
    }
  }

  private async loop(): Promise<void> {
    let backoff = this.settings.initialBackoff;
    while (!this.closed) {
      this.woken = false;
      const report = await this.drainOnce();
      this.emit('pass', report);
      if (report.remaining === 0 && !this.woken) return;
      if (report.unreachable || report.failed > 0) {
        await this.pause(backoff + Math.floor(Math.random() * backoff * 0.2));
        backoff = Math.min(backoff * 2, this.settings.maxBackoff);
      } else {
        backoff = this.settings.initialBackoff;
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(this.backoffTimer);
        this.wakeBackoff = undefined;
        resolve();
      };
      this.backoffTimer = setTimeout(done, ms);
      this.wakeBackoff = done;
    });
  }
}
