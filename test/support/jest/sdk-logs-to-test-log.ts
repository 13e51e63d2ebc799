/**
 * Jest setup of the tiers that run workers: the Temporal runtime of this test file logs to the test log, Core's
 * native lines included (forwarded), instead of the terminal. The options are the runtime's defaults rather than an
 * installed runtime: the runtime is then created by the first connection or worker and shuts down with the last one,
 * whereas an installed runtime that forwards logs and is never used keeps the Jest worker process from exiting.
 */
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { testLogger } from '../test-log';

Runtime.defaultOptions = {
  logger: testLogger('sdk'),
  telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'INFO', other: 'WARN' }) } },
};
