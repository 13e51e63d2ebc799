/**
 * Wakes a drive loop at the next change of an orchestration's state through a plain promise. A condition() that
 * unblocks costs the SDK one more call into the workflow sandbox per activation; a promise resolves in the same call.
 */
import { type CancellationScope, condition } from '@temporalio/workflow';

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class ChangeWakeup {
  private waiter: Waiter | undefined;
  private cancelled?: { readonly error: unknown };
  private watching = false;

  /**
   * `scope` is the scope the loop waits in: its cancellation rejects the wait, as it rejects a condition().
   * `due` is what wakes the loop without a change of state (checked on every activation, as a condition is).
   */
  constructor(
    scope: CancellationScope,
    private readonly due: () => boolean,
  ) {
    void scope.cancelRequested.catch((error: unknown) => {
      this.cancelled = { error };
      this.take()?.reject(error);
    });
  }

  /** Call on every change of state. */
  notify(): void {
    this.take()?.resolve();
  }

  /** Resolves once `done()` holds, checking it at every notify() and whenever `due()` comes to hold. */
  async until(done: () => boolean): Promise<void> {
    while (!done()) await this.next();
  }

  /** Resolves at the next notify() or once `due()` holds; one loop waits at a time. */
  private next(): Promise<void> {
    if (this.cancelled) return Promise.reject(this.cancelled.error);
    if (this.waiter) throw new Error('ChangeWakeup.next: another wait is pending');
    this.watchDue();
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /**
   * One condition stays blocked for `due` while nothing is due, so it unblocks (and costs the extra call into the
   * sandbox) only when it wakes the loop. It is armed again after it fired.
   */
  private watchDue(): void {
    if (this.watching) return;
    this.watching = true;
    void condition(this.due).then(
      () => {
        this.watching = false;
        this.notify();
      },
      // Cancelled with the scope; the waiter learns it from cancelRequested.
      () => undefined,
    );
  }

  private take(): Waiter | undefined {
    const waiter = this.waiter;
    this.waiter = undefined;
    return waiter;
  }
}
