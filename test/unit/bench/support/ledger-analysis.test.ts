/** How the benchmarks read the agents' ledger: gaps between chained steps, agent time, repeated calls. */
import type { LedgerEntry } from '../../../../bench/agents/agent-ledger';
import { agentCallMs, chainGapsMs, stepsCalledMoreThanOnce } from '../../../../bench/support/ledger-analysis';

function entry(
  event: LedgerEntry['event'],
  orchestrationId: string,
  stepId: string,
  at: number,
  attempt = 1,
): LedgerEntry {
  return { event, agent: 'a', key: `${orchestrationId}/${stepId}`, orchestrationId, stepId, attempt, at, pid: 1 };
}

test('the gap of a chain is from one step answering to the next one starting', () => {
  const entries = [
    entry('start', 'o', 's1', 0),
    entry('end', 'o', 's1', 10),
    entry('start', 'o', 's2', 25),
    entry('end', 'o', 's2', 40),
    entry('start', 'o', 's3', 41),
    entry('end', 'o', 's3', 50),
  ];
  expect(chainGapsMs(entries)).toEqual([15, 1]);
  expect(agentCallMs(entries)).toEqual([10, 15, 9]);
});

test('a step started twice (its first call cut off by a crash) counts once as called again', () => {
  const entries = [
    entry('start', 'o', 's1', 0),
    entry('start', 'o', 's1', 100, 2),
    entry('end', 'o', 's1', 110, 2),
    entry('start', 'o', 's2', 120),
  ];
  expect(stepsCalledMoreThanOnce(entries)).toBe(1);
  expect(chainGapsMs(entries)).toEqual([10]);
});
