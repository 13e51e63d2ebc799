import { admitToolCalls, initialConversationGuard, turnAllowed } from '../../../src/orchestration/conversation-guard';
import { appendTurn, EMPTY_TRANSCRIPT, windowMessages } from '../../../src/orchestration/conversation-transcript';

describe('conversation loop guard', () => {
  it('counts identical tool calls by canonical arguments (key order does not matter)', () => {
    const limits = { maxTurns: 10, loopThreshold: 3 };
    let state = initialConversationGuard();
    for (const input of [
      { q: 'x', page: 1 },
      { page: 1, q: 'x' },
    ]) {
      const verdict = admitToolCalls(state, [{ toolName: 'search', input }], limits);
      if (verdict.kind !== 'call') throw new Error('expected a call');
      state = verdict.state;
    }
    const third = admitToolCalls(state, [{ toolName: 'search', input: { q: 'x', page: 1 } }], limits);
    expect(third).toMatchObject({ kind: 'loop' });
    expect(third.kind === 'loop' && third.message).toContain('"search" with identical arguments 3 times');
    expect(admitToolCalls(state, [{ toolName: 'search', input: { q: 'y', page: 1 } }], limits).kind).toBe('call');
  });

  it('maxTurns bounds the turns', () => {
    expect(turnAllowed(3, { maxTurns: 3, loopThreshold: 2 })).toBe(true);
    expect(turnAllowed(4, { maxTurns: 3, loopThreshold: 2 })).toBe(false);
  });
});

describe('transcript compaction', () => {
  it('keeps the last keepTurns turns and counts the dropped ones', () => {
    let transcript = EMPTY_TRANSCRIPT;
    for (let turn = 1; turn <= 5; turn++) {
      transcript = appendTurn(
        transcript,
        { turn, messages: [{ role: 'assistant', content: `turn ${turn}` }] },
        { keepTurns: 2 },
      );
    }
    expect(transcript.droppedTurns).toBe(3);
    expect(windowMessages(transcript)).toEqual([
      { role: 'assistant', content: 'turn 4' },
      { role: 'assistant', content: 'turn 5' },
    ]);
  });
});
