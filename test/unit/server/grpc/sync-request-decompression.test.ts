/**
 * The synchronous request inflation patches a private grpc-js prototype (BaseServerInterceptingCall.decompressMessage).
 * These tests fail when it stops applying, e.g. after a grpc-js upgrade renames or stops calling that method: a
 * gzip-compressed request must reach the handler intact through zlib.gunzipSync, and an oversized one must be refused.
 */
import zlib from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { installSyncRequestDecompression } from '../../../../src/server/grpc/sync-request-decompression';

const identity = (bytes: Buffer) => bytes;
const echoService: grpc.ServiceDefinition = {
  Echo: {
    path: '/steadfast.test.Echo/Echo',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
    originalName: 'Echo',
  },
};
const EchoClient = grpc.makeGenericClientConstructor(echoService, 'Echo');

interface Running {
  client: grpc.Client;
  close(): Promise<void>;
}

async function startEcho(serverOptions: grpc.ServerOptions = {}): Promise<Running> {
  installSyncRequestDecompression();
  const server = new grpc.Server(serverOptions);
  server.addService(echoService, {
    Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) =>
      callback(null, call.request),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const client = new EchoClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    'grpc.default_compression_algorithm': grpc.compressionAlgorithms.gzip,
  });
  return {
    client,
    close: async () => {
      client.close();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    },
  };
}

function echo(client: grpc.Client, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest<Buffer, Buffer>('/steadfast.test.Echo/Echo', identity, identity, body, (error, reply) =>
      error || !reply ? reject(error ?? new Error('no reply')) : resolve(reply),
    ),
  );
}

let running: Running | undefined;
afterEach(async () => {
  jest.restoreAllMocks();
  await running?.close();
  running = undefined;
});

test('a gzip-compressed request is inflated by one synchronous gunzip and reaches the handler intact', async () => {
  const gunzip = jest.spyOn(zlib, 'gunzipSync');
  running = await startEcho();
  const body = Buffer.from('a workflow task completion, repeated. '.repeat(500));

  await expect(echo(running.client, body)).resolves.toEqual(body);

  // Called on the server's side with the request body: the patched path ran, not grpc-js's own stream.
  expect(gunzip).toHaveBeenCalledTimes(1);
  const inflated = gunzip.mock.results[0]?.value as Buffer | undefined;
  expect(inflated?.equals(body)).toBe(true);
});

test('a request that inflates beyond the server limit is refused with RESOURCE_EXHAUSTED, as grpc-js refuses it', async () => {
  const gunzip = jest.spyOn(zlib, 'gunzipSync');
  running = await startEcho({ 'grpc.max_receive_message_length': 1024 });
  const body = Buffer.alloc(64 * 1024, 'x');

  await expect(echo(running.client, body)).rejects.toMatchObject({
    code: grpc.status.RESOURCE_EXHAUSTED,
    details: 'Received message that decompresses to a size larger than 1024',
  });
  expect(gunzip).toHaveBeenCalledTimes(1);
});
