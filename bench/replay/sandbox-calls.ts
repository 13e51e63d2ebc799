/**
 * Counts the calls into the workflow sandbox made in this thread: a wrapper around vm.Script.prototype.runInContext,
 * keyed by the sandbox function entered (the SDK's reusable V8 context passes its name in __temporal_args[1]).
 * Only calls made in this thread are seen: a worker running workflows in a worker thread escapes it.
 */
import vm from 'node:vm';

export type SandboxCalls = Readonly<Record<string, number>>;

export interface SandboxCallCounter {
  /** The calls counted since the counter was installed or last reset, by function ("other" without a name). */
  read(): SandboxCalls;
  reset(): void;
  /** Puts vm.Script.prototype.runInContext back. */
  uninstall(): void;
}

export function countSandboxCalls(): SandboxCallCounter {
  const prototype = vm.Script.prototype;
  const original = prototype.runInContext;
  let counts: Record<string, number> = {};
  prototype.runInContext = function counted(this: vm.Script, context: vm.Context, options?: vm.RunningScriptOptions) {
    const name = sandboxFunctionOf(context);
    counts[name] = (counts[name] ?? 0) + 1;
    return original.call(this, context, options) as unknown;
  };
  return {
    read: () => ({ ...counts }),
    reset() {
      counts = {};
    },
    uninstall() {
      prototype.runInContext = original;
    },
  };
}

function sandboxFunctionOf(context: vm.Context): string {
  const args = (context as { __temporal_args?: unknown }).__temporal_args;
  const name = Array.isArray(args) ? (args as unknown[])[1] : undefined;
  return typeof name === 'string' ? name : 'other';
}

/** Every call counted, whatever its function. */
export function totalCalls(calls: SandboxCalls): number {
  return Object.values(calls).reduce((sum, count) => sum + count, 0);
}
