/**
 * A TCP port that was free a moment ago: for a child that must listen on a port known in advance (or come back on
 * the same port after a kill), and for an address nothing listens on.
 */
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
