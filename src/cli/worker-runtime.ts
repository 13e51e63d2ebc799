/** The Temporal worker runtime as the CLI wants it: warnings and errors only, and signals left to the command. */
import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/** Call before the first worker or native connection is created; later calls do nothing. */
export function installCliWorkerRuntime(): void {
  if (installed) return;
  installed = true;
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
}
