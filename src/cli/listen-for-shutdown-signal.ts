/** Waits for SIGINT or SIGTERM so a long-running command can close cleanly; a second signal exits at once. */

export interface ShutdownSignal {
  /** Resolves with the first SIGINT or SIGTERM received. */
  readonly received: Promise<NodeJS.Signals>;
  /** Stops listening, for a command that finished on its own. */
  dispose(): void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export function listenForShutdownSignal(): ShutdownSignal {
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const dispose = () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  const received = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (signal) => {
      dispose();
      // A clean close that hangs must not trap the user: the next Ctrl-C or kill ends the process.
      for (const again of SIGNALS) process.once(again, () => process.exit(1));
      resolve(signal);
    };
  });
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return { received, dispose };
}
