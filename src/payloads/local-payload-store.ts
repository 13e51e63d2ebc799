/**
 * A Temporal External Storage driver on a local directory: each payload is stored once under the SHA-256 of its
 * bytes, so a message carried by many model calls is written once and every history references the same file.
 * One directory serves every process on a machine (writes are atomic renames); S3-compatible stores take its place
 * in production (docs/llm-agents.md).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  StorageDriverClaim,
  type Payload,
  type StorageDriver,
  type StorageDriverRetrieveContext,
  type StorageDriverStoreContext,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const PayloadProto = temporal.api.common.v1.Payload;

export class LocalPayloadStore implements StorageDriver {
  readonly name = 'steadfast-local';
  readonly type = 'steadfast.local-directory';

  constructor(readonly directory: string) {}

  async store(_context: StorageDriverStoreContext, payloads: Payload[]): Promise<StorageDriverClaim[]> {
    return Promise.all(
      payloads.map(async (payload) => {
        const bytes = PayloadProto.encode(payload).finish();
        const key = createHash('sha256').update(bytes).digest('hex');
        const file = this.fileOf(key);
        if (!(await exists(file))) {
          await fs.mkdir(path.dirname(file), { recursive: true });
          const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
          await fs.writeFile(partial, bytes);
          await fs.rename(partial, file);
        }
        return new StorageDriverClaim({ key });
      }),
    );
  }

  async retrieve(_context: StorageDriverRetrieveContext, claims: StorageDriverClaim[]): Promise<Payload[]> {
    return Promise.all(
      claims.map(async (claim) => {
        const key = claim.claimData.key;
        if (key === undefined || !/^[0-9a-f]{64}$/.test(key))
          throw new Error(`malformed payload reference ${JSON.stringify(claim.claimData)}`);
        let bytes: Buffer;
        try {
          bytes = await fs.readFile(this.fileOf(key));
        } catch (error) {
          throw new Error(
            `payload ${key} is not in ${this.directory} (${(error as NodeJS.ErrnoException).code ?? String(error)}): ` +
              'every process must use the same payload store (STEADFAST_PAYLOAD_STORE)',
            { cause: error },
          );
        }
        return PayloadProto.decode(bytes) as Payload;
      }),
    );
  }

  fileOf(key: string): string {
    return path.join(this.directory, key.slice(0, 2), key);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
