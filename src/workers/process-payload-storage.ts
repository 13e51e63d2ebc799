/** The payload store of a worker process, from its environment (see config/payload-storage-config). */
import type { ExternalStorage } from '@temporalio/common';
import { isLoopbackAddress, payloadStorageConfig } from '../config/payload-storage-config';
import { localPayloadStorage } from '../payloads/payload-storage';

export function processPayloadStorage(address: string, env: NodeJS.ProcessEnv): ExternalStorage | undefined {
  const config = payloadStorageConfig(env, isLoopbackAddress(address));
  return config ? localPayloadStorage(config) : undefined;
}
