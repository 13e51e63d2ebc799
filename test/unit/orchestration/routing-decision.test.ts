import { decisionFingerprint, parseRoutingDecision } from '../../../src/orchestration/routing-decision';
import { hashString, stableStringify } from '../../../src/orchestration/stable-json';

describe('parseRoutingDecision', () => {
  it('reads "done" with or without a result', () => {
    expect(parseRoutingDecision({ done: true, result: 42 })).toEqual({
      ok: true,
      decision: { kind: 'done', result: 42 },
    });
    expect(parseRoutingDecision({ done: true })).toEqual({ ok: true, decision: { kind: 'done', result: undefined } });
  });

  it('reads the next agent, its input and an optional step id', () => {
    expect(parseRoutingDecision({ next: 'summarize', input: { text: 'x' }, stepId: 'sum' })).toEqual({
      ok: true,
      decision: { kind: 'next', agent: 'summarize', input: { text: 'x' }, stepId: 'sum' },
    });
    expect(parseRoutingDecision({ next: 'search', done: false })).toEqual({
      ok: true,
      decision: { kind: 'next', agent: 'search' },
    });
  });

  it.each([
    [null, 'routing decision: expected { done: true, result? } or { next: "<agent>", input?, stepId? }, got null'],
    [
      'garbage',
      'routing decision: expected { done: true, result? } or { next: "<agent>", input?, stepId? }, got "garbage"',
    ],
    [
      [1, 2],
      'routing decision: expected { done: true, result? } or { next: "<agent>", input?, stepId? }, got an array',
    ],
    [{}, 'routing decision.next: expected an agent name, got nothing'],
    [{ next: 7 }, 'routing decision.next: expected an agent name, got number 7'],
    [{ next: 'bad name!' }, 'routing decision.next: expected an agent name, got "bad name!"'],
    [{ done: 'yes' }, 'routing decision.done: expected true or false, got "yes"'],
    [{ done: true, next: 'a' }, 'routing decision: "done" and "next" are mutually exclusive'],
    [{ next: 'a', stepId: '' }, 'routing decision.stepId: expected a step id, got ""'],
  ])('rejects %j with a message naming the field', (raw, error) => {
    expect(parseRoutingDecision(raw)).toEqual({ ok: false, error });
  });
});

describe('decisionFingerprint', () => {
  it('ignores key order and step ids', () => {
    expect(decisionFingerprint({ agent: 'a', input: { x: 1, y: [1, { b: 2, a: 1 }] } })).toBe(
      decisionFingerprint({ agent: 'a', input: { y: [1, { a: 1, b: 2 }], x: 1 } }),
    );
  });

  it('distinguishes agents and inputs', () => {
    expect(decisionFingerprint({ agent: 'a', input: 1 })).not.toBe(decisionFingerprint({ agent: 'b', input: 1 }));
    expect(decisionFingerprint({ agent: 'a', input: 1 })).not.toBe(decisionFingerprint({ agent: 'a', input: '1' }));
    expect(decisionFingerprint({ agent: 'a' })).not.toBe(decisionFingerprint({ agent: 'a', input: null }));
  });
});

describe('stableStringify', () => {
  it('sorts keys and drops undefined properties', () => {
    expect(stableStringify({ b: 1, a: undefined, c: { z: 1, y: 2 } })).toBe('{"b":1,"c":{"y":2,"z":1}}');
  });

  it('hashes deterministically', () => {
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(hashString('abc')).not.toBe(hashString('abd'));
  });
});
