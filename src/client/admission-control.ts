/**
 * Admission control of the client: with `maxInFlight` set, start() refuses a new orchestration up front, with a typed
 * error, while that many are running on the orchestrator task queue — the caller learns at once that the system is
 * saturated instead of queueing work that will wait for minutes.
 */

export class OrchestrationOverloadedError extends Error {
  override readonly name = 'OrchestrationOverloadedError';

  constructor(
    /** Orchestrations running or being started when this one was refused (an upper bound). */
    readonly inFlight: number,
    readonly maxInFlight: number,
  ) {
    super(
      `not started: ${inFlight} orchestrations are in flight and the client's maxInFlight is ${maxInFlight}; ` +
        'retry later, or raise maxInFlight once the workers can take more',
    );
  }
}

/** How old a count of running orchestrations may be before admission asks the server again. */
export const RUNNING_COUNT_MAX_AGE_MS = 500;

interface RunningCount {
  readonly value: number;
  readonly askedAt: number;
  /** Admissions numbered from here on were made after the count was asked for, so it cannot include them. */
  readonly firstUncounted: number;
  /** Starts under way when it was asked for: the count may or may not include them, so they are added. */
  readonly pendingThen: number;
}

/**
 * Decides admissions on a recent count of running orchestrations (at most one count request at a time, reused for
 * RUNNING_COUNT_MAX_AGE_MS) plus every start admitted since; it over-counts rather than under-counts, so concurrent
 * starts never overshoot the limit, and a burst of starts costs one count request, not one each.
 */
export class AdmissionGate {
  private admitted = 0;
  private readonly pending = new Set<number>();
  private count?: RunningCount;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly maxInFlight: number,
    private readonly countRunning: () => Promise<number>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `start` once admitted; rejects with OrchestrationOverloadedError without running it otherwise. */
  async admit<T>(start: () => Promise<T>): Promise<T> {
    await this.freshCount();
    const { value, firstUncounted, pendingThen } = this.count!;
    const inFlight = value + pendingThen + (this.admitted - firstUncounted);
    if (inFlight >= this.maxInFlight) throw new OrchestrationOverloadedError(inFlight, this.maxInFlight);
    const ticket = this.admitted++;
    this.pending.add(ticket);
    try {
      return await start();
    } finally {
      this.pending.delete(ticket);
    }
  }

  private freshCount(): Promise<void> {
    if (this.count && this.now() - this.count.askedAt < RUNNING_COUNT_MAX_AGE_MS) return Promise.resolve();
    this.refreshing ??= (async () => {
      const askedAt = this.now();
      const firstUncounted = this.admitted;
      const pendingThen = this.pending.size;
      try {
        this.count = { value: await this.countRunning(), askedAt, firstUncounted, pendingThen };
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}
