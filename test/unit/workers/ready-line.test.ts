import { formatReadyLine, parseReadyLine, type WorkerProcessReady } from '../../../src/workers/ready-line';

describe('worker ready line', () => {
  it.each<WorkerProcessReady>([
    { kind: 'orchestrator', serving: 'steadfast.orchestrator', address: '127.0.0.1:7233', pid: 42 },
    { kind: 'agents', serving: 'search,write', address: '[::1]:7233', pid: 7 },
  ])('parses what it formats ($kind)', (ready) => {
    expect(parseReadyLine(formatReadyLine(ready))).toEqual(ready);
  });

  it('ignores other output', () => {
    expect(parseReadyLine('2026-01-01 [INFO] Worker state changed')).toBeUndefined();
  });
});
