/**
 * What a test file starts in beforeAll (servers, test environments, a browser) and closes in afterAll, closed even
 * when one of several started side by side failed to start, or the hook timed out before they were ready: otherwise
 * whatever did start is assigned to nothing afterAll can see, and its listening server or Temporal runtime keeps the
 * Jest worker process alive ("a worker process has failed to exit gracefully").
 */
export interface Closable {
  close(): Promise<unknown>;
}

export class StartedResources {
  private readonly starting: Promise<Closable>[] = [];

  /** Resolves with what `starting` resolves to; closeAll() closes it once it has started, whenever that is. */
  start<T extends Closable>(starting: Promise<T>): Promise<T> {
    this.starting.push(starting);
    return starting;
  }

  /** Waits for every start still under way, then closes every resource that started (side by side). */
  async closeAll(): Promise<void> {
    const started = await Promise.allSettled(this.starting.splice(0));
    const closed = await Promise.allSettled(
      started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.close()] : [])),
    );
    const failures = closed.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    if (failures.length > 0)
      throw new AggregateError(failures, `${failures.length} of the started resources failed to close`);
  }
}
