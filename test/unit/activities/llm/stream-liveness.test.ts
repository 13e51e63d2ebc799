import { openStreamLiveness } from '../../../../src/activities/llm/stream-liveness';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function watch(streaming = true) {
  const beats: number[] = [];
  const liveness = openStreamLiveness({
    heartbeat: (progress) => beats.push(progress.chunks),
    heartbeatTimeoutMs: 3_000,
    firstTokenTimeoutMs: 10_000,
    inputTokensEstimate: 40,
    cancellation: new AbortController().signal,
    streaming,
  });
  return { liveness, beats };
}

describe('stream liveness', () => {
  it('keeps a call alive while it waits for its first token, then only tokens count', () => {
    const { liveness, beats } = watch();
    jest.advanceTimersByTime(9_000);
    expect(beats.length).toBe(9); // every heartbeat timeout / 3 while waiting
    liveness.onPart({ type: 'stream-start' });
    liveness.onPart({ type: 'text-delta', delta: 'abcdefgh' });
    const afterFirstToken = beats.length;
    jest.advanceTimersByTime(2_900);
    expect(beats.length).toBe(afterFirstToken); // no more timer heartbeats: silence now means a stall
    expect(liveness.stalled()).toBe(false);
    jest.advanceTimersByTime(200);
    expect(liveness.stalled()).toBe(true);
    expect(liveness.signal.aborted).toBe(true);
    expect(liveness.partialUsage()).toEqual({ inputTokens: 40, outputTokens: 2 });
    liveness.close();
  });

  it('a stream that never starts is declared stalled after firstTokenTimeout and a heartbeat timeout', () => {
    const { liveness } = watch();
    jest.advanceTimersByTime(12_900);
    expect(liveness.stalled()).toBe(false);
    jest.advanceTimersByTime(200);
    expect(liveness.stalled()).toBe(true);
    expect(liveness.partialUsage()).toBeUndefined();
    liveness.close();
  });

  it('a call without streaming is kept alive for as long as it takes', () => {
    const { liveness, beats } = watch(false);
    jest.advanceTimersByTime(60_000);
    expect(beats.length).toBe(60);
    expect(liveness.stalled()).toBe(false);
    liveness.close();
  });
});
