/** Lets long polls wait for a run's history to change. */
export class HistoryWatchers {
  private readonly watchers = new Map<string, Set<() => void>>();

  notify(runId: string): void {
    const set = this.watchers.get(runId);
    if (!set) return;
    this.watchers.delete(runId);
    for (const wake of set) wake();
  }

  /** Resolves when the run changes, after timeoutMs, or on abort, whichever comes first. */
  waitForChange(runId: string, timeoutMs: number, abort: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (abort.aborted) return resolve();
      let set = this.watchers.get(runId);
      if (!set) this.watchers.set(runId, (set = new Set()));
      const wake = () => {
        clearTimeout(timer);
        abort.removeEventListener('abort', wake);
        this.watchers.get(runId)?.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      abort.addEventListener('abort', wake);
      set.add(wake);
    });
  }

  closeAll(): void {
    for (const runId of [...this.watchers.keys()]) this.notify(runId);
  }
}
