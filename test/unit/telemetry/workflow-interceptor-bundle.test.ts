/** The metrics interceptor runs in the workflow sandbox: the orchestrator's bundle with it still holds only deterministic code. */
import { bundleWorkflowCode } from '@temporalio/worker';
import {
  orchestratorWorkflowInterceptorModules,
  orchestratorWorkflowsPath,
} from '../../../src/workers/orchestrator-workflows';
import { testLogger } from '../../support/test-log';

test('the orchestrator bundle with its interceptors imports only workflows, pure orchestration modules and telemetry constants', async () => {
  const { code } = await bundleWorkflowCode({
    workflowsPath: orchestratorWorkflowsPath(),
    workflowInterceptorModules: orchestratorWorkflowInterceptorModules(),
    logger: testLogger('bundler'),
  });
  const modules = [...new Set([...code.matchAll(/"\.\/(src\/[^"]+\.ts)"/g)].map((match) => match[1]!))];
  expect(modules).toEqual(
    expect.arrayContaining(['src/telemetry/workflow-interceptors.ts', 'src/telemetry/steadfast-metrics.ts']),
  );
  expect(modules.filter((path) => !/^src\/(workflows|orchestration)\//.test(path)).sort()).toEqual([
    'src/telemetry/steadfast-metrics.ts',
    'src/telemetry/workflow-interceptors.ts',
  ]);
  expect(code).not.toMatch(/node_modules\/zod\//);
  expect(code).not.toMatch(/node_modules\/@temporalio\/(activity|client|worker)\//);
}, 60_000);
