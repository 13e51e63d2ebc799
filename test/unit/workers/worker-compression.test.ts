/** Whether workers gzip their requests: not over loopback without TLS (pure CPU cost there), unless told; yes elsewhere. */
import type { TemporalConnectionSettings } from '../../../src/config/temporal-profile';
import { workerCompression } from '../../../src/workers/temporal-connections';

function at(address: string, tls = false): TemporalConnectionSettings {
  return { address, namespace: 'default', profile: { address }, tls };
}

test('a server on this machine reached without TLS gets plain requests', () => {
  for (const address of ['127.0.0.1:7233', '127.0.0.53:7233', 'localhost:7233', 'LOCALHOST:7233', '[::1]:7233']) {
    expect(workerCompression({ settings: at(address) })).toBe('none');
  }
});

test('a server elsewhere, or reached over TLS, gets gzip as the SDK does by default', () => {
  expect(workerCompression({ settings: at('temporal:7233') })).toBe('gzip');
  expect(workerCompression({ settings: at('10.0.0.5:7233') })).toBe('gzip');
  expect(workerCompression({ settings: at('127.example.com:7233') })).toBe('gzip');
  expect(workerCompression({ settings: at('[2001:db8::1]:7233') })).toBe('gzip');
  expect(workerCompression({ settings: at('127.0.0.1:7233', true) })).toBe('gzip');
});

test('TEMPORAL_GRPC_COMPRESSION decides either way when set', () => {
  expect(workerCompression({ settings: at('127.0.0.1:7233'), grpcCompression: 'gzip' })).toBe('gzip');
  expect(workerCompression({ settings: at('temporal:7233'), grpcCompression: 'none' })).toBe('none');
});
