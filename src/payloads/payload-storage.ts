/**
 * The data converter of every Steadfast worker and client: the failure converter that keeps the earlier attempts of
 * a timed-out activity, and optionally the storage that keeps large payloads out of histories (External Storage).
 */
import { ExternalStorage, type DataConverter } from '@temporalio/common';
import type { PayloadStorageConfig } from '../config/payload-storage-config';
import { LocalPayloadStore } from './local-payload-store';

export function localPayloadStorage(config: PayloadStorageConfig): ExternalStorage {
  return new ExternalStorage({
    drivers: [new LocalPayloadStore(config.directory)],
    payloadSizeThreshold: config.thresholdBytes,
  });
}

/** The module of Steadfast's failure converter (timeout-cause-failure-converter.ts), for workers and bundles. */
export function steadfastFailureConverterPath(): string {
  return require.resolve('./timeout-cause-failure-converter');
}

/** For Worker.create and new Client(...): Steadfast's failure converter, and the payload storage when there is one. */
export function dataConverterWith(storage: ExternalStorage | undefined): { dataConverter: DataConverter } {
  return {
    dataConverter: {
      failureConverterPath: steadfastFailureConverterPath(),
      ...(storage ? { externalStorage: storage } : {}),
    },
  };
}
