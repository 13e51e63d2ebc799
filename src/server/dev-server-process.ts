/**
 * The dev server as a child process (`steadfast server`), for benchmarks and tests that need it outside their own
 * process; also the ready line the command prints, which is how a parent learns the address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

export function formatReadyLine(address: string, db: string): string {
  return `Steadfast dev server listening on ${address} (database: ${db})`;
}

const READY_LINE = /^Steadfast dev server listening on (\S+) \(database: (.*)\)$/;

/** The line `steadfast server` prints before the ready line when it serves the UI. */
export function formatUiLine(url: string, built: boolean): string {
  return built ? `Temporal UI: ${url}` : `Temporal UI: ${url} (not built: the page there says how to build it)`;
}

const UI_LINE = /^Temporal UI: (\S+)/;

export function parseReadyLine(line: string): { address: string; db: string } | undefined {
  const [, address, db] = READY_LINE.exec(line) ?? [];
  return address !== undefined && db !== undefined ? { address, db } : undefined;
}

export interface DevServerProcessOptions {
  db: string;
  port?: number;
  host?: string;
  /** Further `steadfast server` flags, e.g. ['--log-rpcs']. */
  extraArgs?: string[];
  /** Node flags for the server process, e.g. ['--cpu-prof'] (a profile is written when it stops). */
  nodeArgs?: readonly string[];
  cwd?: string;
  readyTimeoutMs?: number;
  /** Serve the UI (port 0, a free one, unless given); without this the server is started --headless. */
  ui?: { port?: number; readOnly?: boolean };
}

export interface DevServerProcess {
  readonly address: string;
  /** The UI's address when started with `ui`. */
  readonly uiUrl: string | undefined;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Sends SIGTERM and resolves with the exit code; SIGKILL if the server has not exited within the timeout. */
  stop(timeoutMs?: number): Promise<number | null>;
  /** kill -9, as a power cut would; resolves once the process is gone. */
  kill(): Promise<void>;
}

/** bin/steadfast.js, found from either src/server or dist/src/server. */
export function steadfastBinPath(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'bin', 'steadfast.js');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`bin/steadfast.js not found above ${__dirname}`);
  }
}

export async function startDevServerProcess(options: DevServerProcessOptions): Promise<DevServerProcess> {
  const args = [
    ...(options.nodeArgs ?? []),
    steadfastBinPath(),
    'server',
    '--port',
    String(options.port ?? 0),
    '--db',
    options.db,
  ];
  if (options.host !== undefined) args.push('--host', options.host);
  if (options.ui) {
    args.push('--ui-port', String(options.ui.port ?? 0));
    if (options.ui.readOnly) args.push('--ui-read-only');
  } else args.push('--headless');
  args.push(...(options.extraArgs ?? []));
  const child = spawn(process.execPath, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  // Both pipes keep draining for the child's whole life, or a chatty server would block on a full pipe.
  let stderrTail = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4096);
  });
  const lines = readline.createInterface({ input: child.stdout! });

  let uiUrl: string | undefined;
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`steadfast server printed no ready line within ${options.readyTimeoutMs ?? 30_000} ms`));
    }, options.readyTimeoutMs ?? 30_000);
    lines.on('line', (line) => {
      uiUrl ??= UI_LINE.exec(line)?.[1];
      const ready = parseReadyLine(line);
      if (ready) {
        clearTimeout(timer);
        resolve(ready.address);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`steadfast server exited with code ${code} before it was ready: ${stderrTail.trim()}`));
    });
  });

  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    address,
    uiUrl,
    pid: child.pid!,
    child,
    async stop(timeoutMs = 10_000) {
      if (!running()) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
}
