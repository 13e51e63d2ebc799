/** Runs a worker (or pool) until SIGINT or SIGTERM, then shuts it down gracefully; a second signal exits at once. */

export interface Stoppable {
  run(): Promise<void>;
  shutdown(): unknown;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Resolves once the target stopped: with the signal that stopped it, or undefined if it stopped on its own.
 * `onRunning` is called once polling has begun (for a ready line).
 */
export async function runUntilShutdownSignal(
  target: Stoppable,
  onRunning?: () => void,
): Promise<NodeJS.Signals | undefined> {
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    dispose();
    received = signal;
    // A graceful shutdown that hangs must not trap the operator: the next signal ends the process.
    for (const again of SIGNALS) process.once(again, () => process.exit(1));
    void Promise.resolve()
      .then(() => target.shutdown())
      .catch(() => undefined);
  };
  const dispose = (): void => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    const running = target.run();
    onRunning?.();
    await running;
    return received;
  } finally {
    dispose();
  }
}
