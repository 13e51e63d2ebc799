import { withIsoTimes } from '../../../../src/cli/output/json-output';

test("Steadfast's epoch-millisecond times become ISO-8601 strings, at any depth", () => {
  const at = Date.UTC(2026, 11, 6, 3, 26, 9, 18);
  expect(
    withIsoTimes({
      startedAt: at,
      deadline: at,
      steps: [{ id: 'a', startedAt: at, endedAt: at, durationMs: 5, branches: [{ startedAt: at }] }],
      closedAt: new Date(at),
    }),
  ).toEqual({
    startedAt: '2026-12-06T03:26:09.018Z',
    deadline: '2026-12-06T03:26:09.018Z',
    steps: [
      {
        id: 'a',
        startedAt: '2026-12-06T03:26:09.018Z',
        endedAt: '2026-12-06T03:26:09.018Z',
        durationMs: 5,
        branches: [{ startedAt: '2026-12-06T03:26:09.018Z' }],
      },
    ],
    closedAt: '2026-12-06T03:26:09.018Z',
  });
});

test("an agent's own data keeps its fields as they are, whatever they are called", () => {
  const data = { output: { publishedAt: 1 }, results: { a: { createdAt: 2 } } };
  expect(withIsoTimes(data)).toEqual(data);
});
