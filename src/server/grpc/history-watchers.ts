/** Lets long polls wait for a run's history to change in a way they care about. */
import type { HistoryChange } from '../history/server-context';

export type HistoryChangeFilter = (change: HistoryChange) => boolean;

interface Watcher {
  wakesOn: HistoryChangeFilter;
  wake: () => void;
}

const ANY_CHANGE: HistoryChangeFilter = () => true;

export class HistoryWatchers {
  private readonly watchers = new Map<string, Set<Watcher>>();

  /** Wakes the run's watchers that care about this change; the others keep waiting. Without a change, wakes all. */
  notify(runId: string, change?: HistoryChange): void {
    const set = this.watchers.get(runId);
    if (!set) return;
    for (const watcher of [...set]) if (!change || watcher.wakesOn(change)) watcher.wake();
  }

  /** Resolves on a change `wakesOn` accepts, after timeoutMs, or on abort, whichever comes first. */
  waitForChange(
    runId: string,
    timeoutMs: number,
    abort: AbortSignal,
    wakesOn: HistoryChangeFilter = ANY_CHANGE,
  ): Promise<void> {
    return new Promise((resolve) => {
      if (abort.aborted) return resolve();
      let set = this.watchers.get(runId);
      if (!set) this.watchers.set(runId, (set = new Set()));
      const watcher: Watcher = {
        wakesOn,
        wake: () => {
          clearTimeout(timer);
          abort.removeEventListener('abort', watcher.wake);
          const current = this.watchers.get(runId);
          current?.delete(watcher);
          if (current?.size === 0) this.watchers.delete(runId);
          resolve();
        },
      };
      const timer = setTimeout(watcher.wake, timeoutMs);
      abort.addEventListener('abort', watcher.wake);
      set.add(watcher);
    });
  }

  closeAll(): void {
    for (const runId of [...this.watchers.keys()]) this.notify(runId);
  }
}
