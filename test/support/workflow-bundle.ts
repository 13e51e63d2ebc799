/** Bundles the test workflows once per process (webpack is slow) and reuses the bundle. */
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { testLogger } from './test-log';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '../fixtures/workflows/index.ts'),
    logger: testLogger('bundler'),
  });
  return bundle;
}
