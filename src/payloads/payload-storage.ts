/** The data converter settings that keep large payloads out of workflow histories (Temporal's External Storage). */
import { ExternalStorage, type DataConverter } from '@temporalio/common';
import type { PayloadStorageConfig } from '../config/payload-storage-config';
import { LocalPayloadStore } from './local-payload-store';

export function localPayloadStorage(config: PayloadStorageConfig): ExternalStorage {
  return new ExternalStorage({
    drivers: [new LocalPayloadStore(config.directory)],
    payloadSizeThreshold: config.thresholdBytes,
  });
}

/** For Worker.create and new Client(...): undefined storage leaves the default converter. */
export function dataConverterWith(storage: ExternalStorage | undefined): { dataConverter?: DataConverter } {
  return storage ? { dataConverter: { externalStorage: storage } } : {};
}
