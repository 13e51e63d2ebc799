/**
 * A query on a run that always has a workflow task pending, because signals keep arriving, rides on the next workflow
 * task (as in Temporal) instead of waiting for the run to fall idle, which under a steady stream never happens.
 */
import { startTestEnv, type TestEnv } from '../../support/test-server';
import * as activities from '../../fixtures/activities';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

const STREAM_LIMIT = 3_000;

test('a query is answered while signals keep arriving, and sees every signal acknowledged before it was sent', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('lifecycleSignalCollector', {
      taskQueue,
      workflowId,
      args: [STREAM_LIMIT + 1],
    });
    const sent: string[] = [];
    let answer: string[] | undefined = undefined;
    // Several senders keep a workflow task scheduled or running the whole time.
    const send = async () => {
      while (answer === undefined && sent.length < STREAM_LIMIT) {
        const item = `item-${sent.length}`;
        await handle.signal('lifecycleItem', item);
        sent.push(item);
      }
    };
    const senders = [send(), send(), send()];
    while (sent.length < 30) await new Promise((resolve) => setImmediate(resolve));
    const acknowledgedBeforeQuery = [...sent];
    answer = await handle.query<string[]>('lifecycleItems');
    const sentWhenAnswered = sent.length;
    await Promise.all(senders);

    // Answered while the stream still ran, not once it had run dry.
    expect(sentWhenAnswered).toBeLessThan(STREAM_LIMIT);
    expect(answer.length).toBeGreaterThanOrEqual(acknowledgedBeforeQuery.length);
    for (const item of acknowledgedBeforeQuery) expect(answer).toContain(item);
    for (const item of answer) expect(sent).toContain(item);
    await handle.terminate('test done');
  });
});
