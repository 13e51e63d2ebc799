/** The determinism boundary, checked the way the worker sees it: the workflow bundle builds and holds only workflow code. */
import { bundleWorkflowCode } from '@temporalio/worker';
import { testLogger } from '../../support/test-log';

describe('workflow bundle', () => {
  it('builds from src/workflows with nothing but @temporalio/workflow and pure modules', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../../src/workflows'),
      logger: testLogger('bundler'),
    });
    const modules = [...code.matchAll(/"\.\/(src\/[^"]+\.ts)"/g)].map((match) => match[1]!);
    expect(modules.length).toBeGreaterThan(0);
    expect(modules.filter((path) => !/^src\/(workflows|orchestration)\//.test(path))).toEqual([]);
    expect(code).not.toMatch(/node_modules\/zod\//);
    expect(code).not.toMatch(/node_modules\/@temporalio\/(activity|client|worker)\//);
  }, 60_000);
});
