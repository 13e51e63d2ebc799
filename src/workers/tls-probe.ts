/**
 * A TLS handshake with the server before any gRPC client is built, so a wrong CA, server name or missing client
 * certificate is one line saying which, instead of the SDK's "Failed to connect before the deadline" or a Rust trace.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { TemporalConnectionSettings } from '../config/temporal-profile';
import { temporalConnectOptions } from '../config/temporal-profile';

export type TlsProbeResult =
  | { readonly kind: 'ok' }
  /** The server answers, but the TLS settings do not fit it: retrying will not help. */
  | { readonly kind: 'misconfigured'; readonly reason: string }
  /** Nothing answered (refused, timed out): a server that is still starting may answer later. */
  | { readonly kind: 'unreachable'; readonly reason: string };

/** The HTTP/2 connection preface and an empty SETTINGS frame: the server answers it once it accepted the client. */
const HTTP2_PREFACE = Buffer.concat([
  Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
  Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]),
]);

interface TlsOptionsShape {
  readonly serverNameOverride?: string;
  readonly serverRootCACertificate?: Uint8Array;
  readonly clientCertPair?: { readonly crt: Uint8Array; readonly key: Uint8Array };
}

/**
 * Handshakes as the SDK will and waits for the server's first HTTP/2 frame: under TLS 1.3 a server rejects a client
 * certificate only after the client's side of the handshake has finished.
 */
export function probeTls(settings: TemporalConnectionSettings, timeoutMs = 5_000): Promise<TlsProbeResult> {
  const options = temporalConnectOptions(settings);
  const config: TlsOptionsShape = typeof options.tls === 'object' ? options.tls : {};
  const separator = settings.address.lastIndexOf(':');
  const host = settings.address.slice(0, separator).replace(/^\[(.*)\]$/, '$1');
  const port = Number(settings.address.slice(separator + 1));
  const serverName = config.serverNameOverride ?? (net.isIP(host) ? undefined : host);
  return new Promise((resolve) => {
    let settled = false;
    const socket = tls.connect({
      host,
      port,
      ALPNProtocols: ['h2'],
      ...(serverName !== undefined ? { servername: serverName } : {}),
      ...(config.serverRootCACertificate ? { ca: Buffer.from(config.serverRootCACertificate) } : {}),
      ...(config.clientCertPair
        ? { cert: Buffer.from(config.clientCertPair.crt), key: Buffer.from(config.clientCertPair.key) }
        : {}),
    });
    const finish = (result: TlsProbeResult) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    let handshaken = false;
    socket.setTimeout(timeoutMs, () =>
      finish({ kind: 'unreachable', reason: `no answer within ${timeoutMs / 1000}s` }),
    );
    socket.once('secureConnect', () => {
      handshaken = true;
      socket.write(HTTP2_PREFACE);
    });
    socket.once('data', () => finish({ kind: 'ok' }));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish(describeTlsError(error, settings, serverName ?? host)),
    );
    socket.once('close', () =>
      finish(
        handshaken
          ? { kind: 'misconfigured', reason: 'the server closed the connection after the TLS handshake' }
          : { kind: 'unreachable', reason: 'the connection was closed' },
      ),
    );
  });
}

function describeTlsError(
  error: NodeJS.ErrnoException,
  settings: TemporalConnectionSettings,
  serverName: string,
): TlsProbeResult {
  const code = error.code ?? '';
  const misconfigured = (reason: string): TlsProbeResult => ({ kind: 'misconfigured', reason });
  switch (code) {
    case 'ECONNREFUSED':
      return { kind: 'unreachable', reason: 'Connection refused' };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { kind: 'unreachable', reason: 'unknown host' };
    case 'ECONNRESET':
      return { kind: 'unreachable', reason: 'the connection was reset' };
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return misconfigured(
        settings.serverCaSetting !== undefined
          ? `the server's certificate is not signed by the CA of ${settings.serverCaSetting} (${error.message})`
          : `the server's certificate is not signed by a CA this machine trusts; set TEMPORAL_TLS_SERVER_CA_CERT_PATH to its CA (${error.message})`,
      );
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return misconfigured(
        `the server's certificate is not for "${serverName}"; set TEMPORAL_TLS_SERVER_NAME to a name it is for`,
      );
    case 'CERT_HAS_EXPIRED':
      return misconfigured("the server's certificate has expired");
    case 'CERT_NOT_YET_VALID':
      return misconfigured("the server's certificate is not valid yet");
  }
  if (/wrong version number|packet length too long|http request/i.test(error.message)) {
    return misconfigured('the server does not speak TLS; connect without TLS (no TLS settings or API key)');
  }
  if (/certificate required|handshake failure|bad certificate|unknown ca|certificate unknown/i.test(error.message)) {
    return misconfigured(
      settings.hasClientCertificate
        ? `the server rejected the client certificate (${alertName(error.message)}); it must be signed by the CA the server trusts`
        : 'the server requires a client certificate (mutual TLS): set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH',
    );
  }
  return misconfigured(error.message);
}

/** "tlsv13 alert certificate required" out of OpenSSL's "error:...:SSL routines::tlsv13 alert certificate required". */
function alertName(message: string): string {
  return message.split(':').at(-1)?.trim() || message;
}
