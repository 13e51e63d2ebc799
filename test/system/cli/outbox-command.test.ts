/** `steadfast run --when-unreachable` and `steadfast outbox` against an address where no server listens. */
import path from 'node:path';
import { killRunningClis, makeTempDir, removeTempDir, runCli } from '../../support/cli-process';
import { freePort } from '../../support/free-port';

jest.setTimeout(120_000);

const REQUEST = path.resolve(__dirname, '../../../examples/brief-request.json');

let cwd: string;
let unreachable: string;
beforeAll(async () => {
  cwd = makeTempDir();
  unreachable = `127.0.0.1:${await freePort()}`;
});
afterEach(killRunningClis);
afterAll(() => removeTempDir(cwd));

test('queue keeps the request in the outbox; outbox lists it and discards it with --yes; fail is one line', async () => {
  const queued = await runCli(
    [
      'run',
      REQUEST,
      '--address',
      unreachable,
      '--when-unreachable',
      'queue',
      '--unreachable-after',
      '300ms',
      '--id',
      'cli-edge-1',
      '--json',
    ],
    { cwd },
  );
  expect(queued.code).toBe(0);
  expect(JSON.parse(queued.stdout.join('\n'))).toEqual({
    mode: 'queued',
    status: 'queued',
    orchestrationId: 'cli-edge-1',
    reason: 'coordinator_unreachable',
  });

  const listed = await runCli(['outbox', 'list', '--json'], { cwd });
  expect(listed.code).toBe(0);
  expect(JSON.parse(listed.stdout.join('\n'))).toEqual([
    expect.objectContaining({
      id: 'cli-edge-1',
      decision: 'queue',
      state: 'pending',
      goal: 'Write a one-page brief on durable execution',
    }),
  ]);

  const drain = await runCli(['outbox', 'drain', '--address', unreachable], { cwd, timeoutMs: 60_000 });
  expect(drain.code).toBe(1);
  expect(drain.stderr).toEqual(['steadfast: the server could not be reached; entries left in the outbox']);

  const unconfirmed = await runCli(['outbox', 'discard', 'cli-edge-1'], { cwd });
  expect(unconfirmed.code).toBe(1);
  expect(unconfirmed.stderr).toEqual(['steadfast: nothing discarded (not confirmed; --yes skips the question)']);

  const discarded = await runCli(['outbox', 'discard', 'cli-edge-1', '--yes', '--json'], { cwd });
  expect(JSON.parse(discarded.stdout.join('\n'))).toEqual(['cli-edge-1']);
  const after = await runCli(['outbox', '--all', '--json'], { cwd });
  expect(JSON.parse(after.stdout.join('\n'))).toEqual([
    expect.objectContaining({ id: 'cli-edge-1', outcome: 'discarded' }),
  ]);

  const failed = await runCli(
    [
      'run',
      REQUEST,
      '--address',
      unreachable,
      '--when-unreachable',
      'fail',
      '--unreachable-after',
      '300ms',
      '--id',
      'cli-edge-2',
    ],
    { cwd },
  );
  expect({ code: failed.code, stderr: failed.stderr }).toEqual({
    code: 1,
    stderr: [
      expect.stringMatching(/^steadfast: the Temporal server did not accept orchestration "cli-edge-2" within 300 ms/),
    ],
  });

  const badFlag = await runCli(['run', REQUEST, '--when-unreachable', 'later'], { cwd });
  expect(badFlag.stderr).toEqual([expect.stringMatching(/--when-unreachable must be one of autonomous, queue, fail/)]);
});
