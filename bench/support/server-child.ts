/**
 * `steadfast server` in a child process with node flags of our choosing (`--cpu-prof` for profiles), on a database
 * file, optionally on a fixed port so that clients reconnect to it after a kill -9 and restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { parseReadyLine, steadfastBinPath } from '../../src/server/dev-server-process';

export interface ServerChildOptions {
  readonly db: string;
  readonly port?: number;
  readonly nodeArgs?: readonly string[];
  readonly cwd?: string;
}

export interface ServerChild {
  readonly address: string;
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
  /** SIGTERM, a clean close (profiles are written then); SIGKILL after the timeout. */
  stop(timeoutMs?: number): Promise<void>;
  /** kill -9. */
  kill(): Promise<void>;
}

export async function startServerChild(options: ServerChildOptions): Promise<ServerChild> {
  const args = [...(options.nodeArgs ?? []), steadfastBinPath(), 'server', '--port', String(options.port ?? 0), '--db', options.db];
  const child = spawn(process.execPath, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderrTail = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4096);
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('steadfast server printed no ready line within 30 s'));
    }, 30_000);
    lines.on('line', (line) => {
      const ready = parseReadyLine(line);
      if (!ready) return;
      clearTimeout(timer);
      resolve(ready.address);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`steadfast server exited before it was ready: ${stderrTail.trim()}`));
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    address,
    port: Number(address.slice(address.lastIndexOf(':') + 1)),
    pid: child.pid!,
    child,
    async stop(timeoutMs = 15_000) {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
}
