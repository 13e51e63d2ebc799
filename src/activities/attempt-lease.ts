/**
 * The lease an agent holds on the attempt it is running. The server times an attempt out one heartbeat timeout after
 * the last heartbeat it received, and may then dispatch the step elsewhere. A heartbeat the server confirmed, sent at
 * time t, therefore keeps the attempt this process's own until at least t + heartbeat timeout, whatever the clocks of
 * the two machines say. The lease renews itself with confirmed heartbeats and reports it lost, a safety margin before
 * it runs out, when it can no longer be sure: a pool cut off from the server stops its handlers before the server can
 * hand their steps to someone else, so no agent acts on an instruction that has been overtaken.
 */

/** What the server said of a heartbeat: the attempt is still this one, or the server no longer knows it. */
export type HeartbeatVerdict = 'current' | 'gone';

/**
 * Records a heartbeat through a path that answers (not the worker's fire-and-forget one). Rejects when the server
 * could not be reached before `deadlineMs` (epoch milliseconds).
 */
export type HeartbeatConfirmer = (
  taskToken: Uint8Array,
  details: unknown,
  deadlineMs: number,
) => Promise<HeartbeatVerdict>;

export type LeaseLoss = { readonly kind: 'gone' } | { readonly kind: 'unconfirmed'; readonly sinceConfirmedMs: number };

export interface AttemptLeaseOptions {
  readonly heartbeatTimeoutMs: number;
  readonly taskToken: Uint8Array;
  readonly confirm: HeartbeatConfirmer;
  readonly details: () => unknown;
  readonly onLost: (loss: LeaseLoss) => void;
  readonly now?: () => number;
}

export interface AttemptLease {
  /** Epoch milliseconds until which the attempt is known to be this process's own. */
  validUntil(): number;
  close(): void;
}

/**
 * The server started the attempt's heartbeat clock when it handed the task over; until the first confirmation the
 * lease assumes the hand-over took at most this share of the heartbeat timeout.
 */
const HANDOVER_SHARE = 0.25;
/** The lease is reported lost this share of the heartbeat timeout before it runs out: time to stop acting. */
const SAFETY_SHARE = 0.1;
/** A confirmation is sought this often (as a share of the heartbeat timeout), so steps shorter than that cost none. */
const RENEW_SHARE = 0.25;

export function holdAttemptLease(options: AttemptLeaseOptions): AttemptLease {
  const now = options.now ?? Date.now;
  const timeout = options.heartbeatTimeoutMs;
  const openedAt = now();
  let validUntil = openedAt + timeout * (1 - HANDOVER_SHARE);
  let confirmedSentAt = openedAt;
  let closed = false;
  let renewing = false;
  let renewTimer: NodeJS.Timeout | undefined;
  let lapseTimer: NodeJS.Timeout | undefined;

  const lose = (loss: LeaseLoss): void => {
    if (closed) return;
    close();
    options.onLost(loss);
  };

  const armLapse = (): void => {
    clearTimeout(lapseTimer);
    const lapseAt = validUntil - timeout * SAFETY_SHARE;
    lapseTimer = setTimeout(
      () => lose({ kind: 'unconfirmed', sinceConfirmedMs: now() - confirmedSentAt }),
      Math.max(0, lapseAt - now()),
    );
  };

  const scheduleRenewal = (delayMs: number): void => {
    clearTimeout(renewTimer);
    // renew catches its own failures: nothing is left to reject.
    renewTimer = setTimeout(() => void renew(), Math.max(0, delayMs));
  };

  async function renew(): Promise<void> {
    if (closed || renewing) return;
    renewing = true;
    const sentAt = now();
    try {
      const verdict = await options.confirm(options.taskToken, options.details(), validUntil);
      if (verdict === 'gone') {
        lose({ kind: 'gone' });
        return;
      }
      if (sentAt + timeout > validUntil) {
        validUntil = sentAt + timeout;
        confirmedSentAt = sentAt;
        if (!closed) armLapse();
      }
    } catch {
      // Unreachable for now: the lease keeps what it had, and the lapse timer decides.
    } finally {
      renewing = false;
    }
    if (!closed) scheduleRenewal(sentAt + timeout * RENEW_SHARE - now());
  }

  function close(): void {
    closed = true;
    clearTimeout(renewTimer);
    clearTimeout(lapseTimer);
  }

  armLapse();
  scheduleRenewal(timeout * RENEW_SHARE);
  return { validUntil: () => validUntil, close };
}
