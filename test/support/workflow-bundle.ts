/** The test workflows (test/fixtures/workflows), bundled once for every test file (bundle-cache.ts). */
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { cachedBundleCode } from './bundle-cache';
import { testLogger } from './test-log';

let bundle: Promise<WorkflowBundle> | undefined;

export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= cachedBundleCode('fixture-workflows', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: path.resolve(__dirname, '../fixtures/workflows/index.ts'),
      logger: testLogger('bundler'),
    });
    return code;
  }).then((code) => ({ code }));
  return bundle;
}
