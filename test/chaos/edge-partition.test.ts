/**
 * Failure-mode suite, scenario 7 at a small size: requests reach an application's client before, during and after
 * a partition from the server; queued and edge-answered ones alike end exactly once, and the outbox drains.
 */
import { EDGE_FIGURES, runEdgePartition } from '../support/chaos/scenarios/edge-partition';
import { silentLog } from '../support/chaos/scenario-kit';
import { numericFigureOf } from '../support/chaos/scenario-report';

jest.setTimeout(240_000);

test('an application cut off from the server: nothing lost, nothing duplicated, the outbox drains', async () => {
  const report = await runEdgePartition(
    { requests: 40, unreachableAfter: '300ms', cutForMs: 3_000, settleWithinMs: 120_000 },
    silentLog,
  );
  expect(numericFigureOf(report, EDGE_FIGURES.lost)).toBe(0);
  expect(numericFigureOf(report, EDGE_FIGURES.duplicated)).toBe(0);
  expect(numericFigureOf(report, EDGE_FIGURES.requests)).toBe(40);
  expect(numericFigureOf(report, EDGE_FIGURES.startedOnServer)).toBe(40);
  // 16 requests arrived during the cut: the edge decided each (queued or answered), else the cut proved nothing.
  const queued = numericFigureOf(report, EDGE_FIGURES.queued);
  const answered = numericFigureOf(report, EDGE_FIGURES.answeredAtEdge);
  expect(queued).toBeGreaterThan(0);
  expect(answered).toBeGreaterThan(0);
  expect(queued + answered).toBeGreaterThanOrEqual(16);
  expect(numericFigureOf(report, EDGE_FIGURES.reconciled)).toBe(queued + answered);
  expect(numericFigureOf(report, EDGE_FIGURES.cutMs)).toBeGreaterThanOrEqual(3_000);
  expect(numericFigureOf(report, EDGE_FIGURES.drainMs)).toBeGreaterThanOrEqual(0);
  expect(report).toMatchObject({ orchestrations: 40, completed: 40, lost: 0, duplicates: 0 });
  expect(report.ledger.effects).toBe(80);
});
