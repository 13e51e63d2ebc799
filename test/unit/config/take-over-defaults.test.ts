/** The defaults that bound how fast a surviving orchestrator worker takes over a dead one's orchestrations. */
import { SteadfastClientOptionsSchema } from '../../../src/config/client-config';
import { HealthRegistryConfigSchema } from '../../../src/config/health-registry-config';
import { OrchestratorWorkerConfigSchema } from '../../../src/config/orchestrator-worker-config';

test('orchestrations start with a 3 s workflow task timeout, configurable as a duration', () => {
  expect(SteadfastClientOptionsSchema.parse({}).workflowTaskTimeout).toBe(3_000);
  expect(SteadfastClientOptionsSchema.parse({ workflowTaskTimeout: '1.5s' }).workflowTaskTimeout).toBe(1_500);
  expect(SteadfastClientOptionsSchema.safeParse({ workflowTaskTimeout: '3m' }).success).toBe(false);
  expect(SteadfastClientOptionsSchema.safeParse({ workflowTaskTimeout: 50 }).success).toBe(false);
});

test("an orchestrator worker's sticky queue gives up a task after 1 s by default, configurable", () => {
  expect(OrchestratorWorkerConfigSchema.parse({}).stickyQueueScheduleToStartTimeout).toBe(1_000);
  expect(
    OrchestratorWorkerConfigSchema.parse({ stickyQueueScheduleToStartTimeout: '5s' }).stickyQueueScheduleToStartTimeout,
  ).toBe(5_000);
});

test('a health read waits for the registry at most 250 ms by default', () => {
  expect(HealthRegistryConfigSchema.parse({}).readTimeout).toBe(250);
});
