/** The live output of `run --wait` and the demo: redrawn in place on a terminal, a plain log anywhere else. */
import { createLiveOutput } from '../../../../src/cli/output/live-output';

function stream(isTTY: boolean, columns = 100) {
  const writes: string[] = [];
  return { writes, isTTY, columns, write: (text: string) => writes.push(text) };
}

test('not a terminal: a line is printed again only when its content changes, transient lines never', () => {
  const out = stream(false);
  const live = createLiveOutput(out);
  live.update(['Orchestration o: running', 'a  running  primary', 'b  pending  -']);
  live.update(['Orchestration o: running', 'a  running  primary', 'b  pending  -']);
  // Wider padding alone is no change; b's new state is.
  live.update(['Orchestration o: running', 'a    running    primary', 'b    running    primary']);
  live.update(['3/20 finished'], { transient: true });
  live.log('done');
  expect(out.writes.join('')).toBe(
    'Orchestration o: running\na  running  primary\nb  pending  -\nb    running    primary\ndone\n',
  );
  expect(out.writes.join('')).not.toContain('\x1b[');
});

test('a terminal: the block is erased and redrawn in one write, logs go above it, unchanged frames are skipped', () => {
  const out = stream(true);
  const live = createLiveOutput(out);
  live.update(['step a: running', 'step b: pending']);
  live.update(['step a: running', 'step b: pending']);
  live.log('a finished');
  live.update(['step a: succeeded', 'step b: running'], { transient: true });
  live.finish();
  live.log('after');
  expect(out.writes).toEqual([
    'step a: running\nstep b: pending\n',
    '\x1b[2F\x1b[Ja finished\nstep a: running\nstep b: pending\n',
    '\x1b[2F\x1b[Jstep a: succeeded\nstep b: running\n',
    'after\n',
  ]);
});

test('a terminal: lines wider than the terminal are cut, so the cursor arithmetic holds', () => {
  const out = stream(true, 30);
  createLiveOutput(out).update(['x'.repeat(50)]);
  expect(out.writes).toEqual([`${'x'.repeat(28)}…\n`]);
});
