import { exceededLimit, remainingLimits, reserveModelCall, tighterLimits } from '../../../src/orchestration/llm-budget';
import { NO_USAGE } from '../../../src/orchestration/llm-usage';

const price = { inputPerMillionTokens: 1, outputPerMillionTokens: 10 };
const call = { inputTokensEstimate: 1_000, maxOutputTokens: 4_000, minOutputTokens: 16, price, now: 1_000 };

describe('reserveModelCall', () => {
  it('clamps the output to what the output-token budget leaves', () => {
    expect(reserveModelCall({ limits: { outputTokens: 500 } }, call)).toEqual({ kind: 'call', maxOutputTokens: 500 });
  });

  it('clamps the output to what the total-token budget leaves after the input', () => {
    expect(reserveModelCall({ limits: { totalTokens: 1_300 } }, call)).toEqual({ kind: 'call', maxOutputTokens: 300 });
  });

  it('clamps the output to what the cost budget can pay for once the input is paid', () => {
    // input costs $0.001; $0.003 left buys 200 output tokens at $10 per million.
    expect(reserveModelCall({ limits: { costUsd: 0.003 } }, call)).toEqual({ kind: 'call', maxOutputTokens: 200 });
  });

  it('refuses a call the budget cannot pay for, naming the limit', () => {
    expect(reserveModelCall({ limits: { costUsd: 0.001 } }, call)).toMatchObject({
      kind: 'exhausted',
      field: 'costUsd',
    });
    expect(reserveModelCall({ limits: { modelCalls: 0 } }, call)).toMatchObject({
      kind: 'exhausted',
      field: 'modelCalls',
    });
    expect(reserveModelCall({ limits: { inputTokens: 999 } }, call)).toMatchObject({
      kind: 'exhausted',
      field: 'inputTokens',
    });
    expect(reserveModelCall({ limits: { outputTokens: 10 } }, call)).toMatchObject({
      kind: 'exhausted',
      field: 'outputTokens',
    });
  });

  it('refuses once the wall-time budget has run out', () => {
    expect(reserveModelCall({ limits: {}, notAfter: 1_000 }, call)).toMatchObject({
      kind: 'exhausted',
      field: 'wallTime',
    });
    expect(reserveModelCall({ limits: {}, notAfter: 1_001 }, call)).toEqual({ kind: 'call', maxOutputTokens: 4_000 });
  });

  it('without limits the agent’s own output limit applies', () => {
    expect(reserveModelCall({ limits: {} }, call)).toEqual({ kind: 'call', maxOutputTokens: 4_000 });
  });
});

describe('limits arithmetic', () => {
  it('the tighter of two limit sets, field by field', () => {
    expect(tighterLimits({ inputTokens: 5, costUsd: 1 }, { inputTokens: 3, modelCalls: 2 })).toEqual({
      inputTokens: 3,
      costUsd: 1,
      modelCalls: 2,
    });
    expect(tighterLimits(undefined, { costUsd: 1 })).toEqual({ costUsd: 1 });
  });

  it('remaining never goes below zero and totals count both directions', () => {
    const used = { inputTokens: 70, outputTokens: 40, modelCalls: 3, costUsd: 0.5 };
    expect(remainingLimits({ totalTokens: 100, modelCalls: 5, costUsd: 0.75 }, used)).toEqual({
      totalTokens: 0,
      modelCalls: 2,
      costUsd: 0.25,
    });
    expect(exceededLimit({ totalTokens: 100 }, used)).toBe('totalTokens');
    expect(exceededLimit({ totalTokens: 110 }, used)).toBeUndefined();
    expect(remainingLimits({}, NO_USAGE)).toEqual({});
  });
});
