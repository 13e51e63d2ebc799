/**
 * Inflates gzip and deflate request bodies with one synchronous zlib call instead of grpc-js's per-message zlib stream.
 * The Temporal SDKs gzip every request; grpc-js 1.14 builds a streaming decompressor for each one, which costs about
 * 0.2 ms of CPU and a thread-pool round trip per RPC: the largest single server cost of a workflow step.
 */
import zlib from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { BaseServerInterceptingCall } from '@grpc/grpc-js/build/src/server-interceptors';

/** Larger bodies keep grpc-js's own (thread-pool) path, so one huge request cannot hold the event loop for long. */
const SYNC_LIMIT_BYTES = 1024 * 1024;
/** grpc-js frames each message with a 5-byte prefix: the compressed flag and the length. */
const FRAME_PREFIX_BYTES = 5;

type Decompress = (this: DecompressingCall, message: Buffer, encoding: string) => Buffer | Promise<Buffer>;

/** The members of grpc-js's private BaseServerInterceptingCall this module relies on. */
interface DecompressingCall {
  maxReceiveMessageSize: number;
  decompressMessage: Decompress;
}

let installed = false;

/** Replaces grpc-js's request decompression for every server in this process; safe to call more than once. */
export function installSyncRequestDecompression(): void {
  if (installed) return;
  const prototype = BaseServerInterceptingCall.prototype as unknown as DecompressingCall;
  const original = prototype.decompressMessage;
  // A grpc-js that changed its internals keeps its own behaviour.
  if (typeof original !== 'function') return;
  installed = true;
  prototype.decompressMessage = function decompressMessage(message, encoding) {
    const isZlib = encoding === 'gzip' || encoding === 'deflate';
    if (!isZlib || message.length - FRAME_PREFIX_BYTES > SYNC_LIMIT_BYTES)
      return original.call(this, message, encoding);
    return inflateBody(message.subarray(FRAME_PREFIX_BYTES), encoding, this.maxReceiveMessageSize);
  };
}

function inflateBody(
  body: Buffer,
  encoding: 'gzip' | 'deflate',
  maxReceiveMessageSize: number,
): Buffer | Promise<Buffer> {
  const options: zlib.ZlibOptions =
    maxReceiveMessageSize >= 0 ? { maxOutputLength: Math.max(1, maxReceiveMessageSize) } : {};
  try {
    return encoding === 'gzip' ? zlib.gunzipSync(body, options) : zlib.inflateSync(body, options);
  } catch (err) {
    // grpc-js sends a rejection's code and details as the call's status.
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return Promise.reject({
        code: grpc.status.RESOURCE_EXHAUSTED,
        details: `Received message that decompresses to a size larger than ${maxReceiveMessageSize}`,
      });
    }
    return Promise.reject({
      code: grpc.status.INTERNAL,
      details: `Received message that could not be decompressed (${encoding}): ${(err as Error).message}`,
    });
  }
}
