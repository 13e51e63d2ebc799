import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { LocalPayloadStore } from '../../../src/payloads/local-payload-store';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payload-store-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a payload is stored once under the hash of its bytes and read back as it was', async () => {
  const store = new LocalPayloadStore(dir);
  const message = defaultPayloadConverter.toPayload({ role: 'assistant', content: 'x'.repeat(10_000) });
  const other = defaultPayloadConverter.toPayload({ role: 'tool', content: [] });
  const [first, again, third] = await store.store({}, [message, message, other]);
  expect(first!.claimData.key).toMatch(/^[0-9a-f]{64}$/);
  expect(again!.claimData).toEqual(first!.claimData);
  expect(third!.claimData.key).not.toBe(first!.claimData.key);
  expect(fs.readdirSync(dir).flatMap((sub) => fs.readdirSync(path.join(dir, sub)))).toHaveLength(2);
  const [read] = await store.retrieve({}, [first!]);
  expect(defaultPayloadConverter.fromPayload(read!)).toEqual({ role: 'assistant', content: 'x'.repeat(10_000) });
});

test('a reference the store does not have names the store and the setting', async () => {
  const store = new LocalPayloadStore(dir);
  const [claim] = await new LocalPayloadStore(path.join(dir, 'elsewhere')).store({}, [
    defaultPayloadConverter.toPayload('hello'),
  ]);
  await expect(store.retrieve({}, [claim!])).rejects.toThrow(
    /is not in .* every process must use the same payload store \(STEADFAST_PAYLOAD_STORE\)/,
  );
});
