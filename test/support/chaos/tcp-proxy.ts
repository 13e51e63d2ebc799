/**
 * A TCP proxy on 127.0.0.1 that a scenario puts between a worker process and the server to partition them:
 * cut() resets every open connection and refuses new ones, heal() lets connections through again.
 */
import net from 'node:net';

export interface TcpProxy {
  /** host:port to give the worker instead of the server's address. */
  readonly address: string;
  readonly isCut: boolean;
  /** Connections accepted and forwarded so far. */
  readonly forwarded: number;
  /** Connections refused while cut (each one a reconnection attempt of the worker). */
  readonly refused: number;
  cut(): void;
  heal(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { readonly host: string; readonly port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let cut = false;
  let forwarded = 0;
  let refused = 0;

  const server = net.createServer((client) => {
    if (cut) {
      refused += 1;
      client.resetAndDestroy();
      return;
    }
    forwarded += 1;
    const upstream = net.connect({ host: target.host, port: target.port });
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(socket);
      socket.pipe(other);
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        open.delete(socket);
        other.destroy();
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;

  const resetAll = () => {
    for (const socket of open) socket.resetAndDestroy();
    open.clear();
  };

  return {
    address: `127.0.0.1:${port}`,
    get isCut() {
      return cut;
    },
    get forwarded() {
      return forwarded;
    },
    get refused() {
      return refused;
    },
    cut() {
      cut = true;
      resetAll();
    },
    heal() {
      cut = false;
    },
    close() {
      resetAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** host and port of a host:port address. */
export function splitAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
}
