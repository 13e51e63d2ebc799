/** Long polls on a run wake only for the changes they asked about, on closeAll, on abort, and at their timeout. */
import { HistoryWatchers } from '../../../../src/server/grpc/history-watchers';

const never = new AbortController().signal;

/** Whether the promise has settled yet, read after the microtasks queued so far have run. */
function tracked(promise: Promise<unknown>): () => Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  return async () => {
    await jest.advanceTimersByTimeAsync(0);
    return settled;
  };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('HistoryWatchers', () => {
  it('keeps a close-only watcher waiting through changes that do not close the run', async () => {
    const watchers = new HistoryWatchers();
    const woke = tracked(watchers.waitForChange('run', 60_000, never, (change) => change.closed));
    watchers.notify('run', { nextEventId: 10, closed: false });
    expect(await woke()).toBe(false);
    watchers.notify('run', { nextEventId: 12, closed: true });
    expect(await woke()).toBe(true);
  });

  it('wakes an unfiltered watcher on any change, and every watcher on closeAll', async () => {
    const watchers = new HistoryWatchers();
    const any = tracked(watchers.waitForChange('run', 60_000, never));
    const closeOnly = tracked(watchers.waitForChange('run', 60_000, never, (change) => change.closed));
    const otherRun = tracked(watchers.waitForChange('other-run', 60_000, never));
    watchers.notify('run', { nextEventId: 4, closed: false });
    expect([await any(), await closeOnly(), await otherRun()]).toEqual([true, false, false]);
    watchers.closeAll();
    expect([await closeOnly(), await otherRun()]).toEqual([true, true]);
  });

  it('ends the wait on abort', async () => {
    const watchers = new HistoryWatchers();
    const abort = new AbortController();
    const aborted = tracked(watchers.waitForChange('run', 60_000, abort.signal, () => false));
    expect(await aborted()).toBe(false);
    abort.abort();
    expect(await aborted()).toBe(true);
  });

  it('ends the wait at its timeout, not before', async () => {
    const watchers = new HistoryWatchers();
    const timedOut = tracked(watchers.waitForChange('run', 5_000, never, () => false));
    await jest.advanceTimersByTimeAsync(4_999);
    expect(await timedOut()).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(await timedOut()).toBe(true);
  });

  it('a watcher that woke is forgotten: a later change does not reach it again', async () => {
    const watchers = new HistoryWatchers();
    const wakesOn = jest.fn(() => true);
    const woke = tracked(watchers.waitForChange('run', 60_000, never, wakesOn));
    watchers.notify('run', { nextEventId: 2, closed: false });
    expect(await woke()).toBe(true);
    watchers.notify('run', { nextEventId: 3, closed: false });
    expect(wakesOn).toHaveBeenCalledTimes(1);
  });
});
