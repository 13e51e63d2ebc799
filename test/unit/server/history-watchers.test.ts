/** Long polls on a run wake only for the changes they asked about. */
import { HistoryWatchers } from '../../../src/server/grpc/history-watchers';

const never = new AbortController().signal;

describe('HistoryWatchers', () => {
  it('keeps a close-only watcher waiting through changes that do not close the run', async () => {
    const watchers = new HistoryWatchers();
    let woke = false;
    const waiting = watchers.waitForChange('run', 60_000, never, (change) => change.closed).then(() => (woke = true));
    watchers.notify('run', { nextEventId: 10, closed: false });
    await Promise.resolve();
    expect(woke).toBe(false);
    watchers.notify('run', { nextEventId: 12, closed: true });
    await waiting;
    expect(woke).toBe(true);
  });

  it('wakes an unfiltered watcher on any change, and every watcher on closeAll', async () => {
    const watchers = new HistoryWatchers();
    const any = watchers.waitForChange('run', 60_000, never);
    const closeOnly = watchers.waitForChange('run', 60_000, never, (change) => change.closed);
    watchers.notify('run', { nextEventId: 4, closed: false });
    await any;
    watchers.closeAll();
    await closeOnly;
  });

  it('ends the wait on abort and after the timeout', async () => {
    const watchers = new HistoryWatchers();
    const abort = new AbortController();
    const aborted = watchers.waitForChange('run', 60_000, abort.signal, () => false);
    abort.abort();
    await aborted;
    await watchers.waitForChange('run', 5, never, () => false);
  });
});
