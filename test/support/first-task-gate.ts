/**
 * Holds a workflow's first task open: the fixture calls the `lifecycleGate` sink, and the worker awaits
 * sink functions before it reports the task complete. The test learns when the task is running and decides
 * when it may finish, so events can be sent to the server while the task is known to be started.
 */
import type { InjectedSinks } from '@temporalio/worker';
import type { LifecycleGateSinks } from '../fixtures/workflows/lifecycle';

export interface FirstTaskGate {
  /** Resolves once the first workflow task is running in the worker. */
  running: Promise<void>;
  /** Lets the held task complete. */
  release(): void;
  sinks: InjectedSinks<LifecycleGateSinks>;
}

export function firstTaskGate(): FirstTaskGate {
  let markRunning!: () => void;
  let release!: () => void;
  const running = new Promise<void>((resolve) => (markRunning = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    running,
    release,
    sinks: {
      lifecycleGate: {
        firstTaskRunning: {
          fn: async () => {
            markRunning();
            await released;
          },
        },
      },
    },
  };
}
