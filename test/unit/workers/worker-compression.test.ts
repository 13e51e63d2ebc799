/** Whether workers gzip their requests: not over loopback without TLS (pure CPU cost there), unless told; yes elsewhere. */
import { workerCompression } from '../../../src/workers/temporal-connections';

test('a server on this machine reached without TLS gets plain requests', () => {
  for (const address of ['127.0.0.1:7233', '127.0.0.53:7233', 'localhost:7233', 'LOCALHOST:7233', '[::1]:7233']) {
    expect(workerCompression({ address })).toBe('none');
  }
});

test('a server elsewhere, or reached over TLS, gets gzip as the SDK does by default', () => {
  expect(workerCompression({ address: 'temporal:7233' })).toBe('gzip');
  expect(workerCompression({ address: '10.0.0.5:7233' })).toBe('gzip');
  expect(workerCompression({ address: '127.example.com:7233' })).toBe('gzip');
  expect(workerCompression({ address: '[2001:db8::1]:7233' })).toBe('gzip');
  expect(workerCompression({ address: '127.0.0.1:7233', tls: {} })).toBe('gzip');
});

test('TEMPORAL_GRPC_COMPRESSION decides either way when set', () => {
  expect(workerCompression({ address: '127.0.0.1:7233', grpcCompression: 'gzip' })).toBe('gzip');
  expect(workerCompression({ address: 'temporal:7233', grpcCompression: 'none' })).toBe('none');
});
