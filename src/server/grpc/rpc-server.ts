/** The gRPC server: WorkflowService, OperatorService and grpc.health.v1.Health, each call given an abort signal. */
import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { ServerTlsConfig } from '../../config/dev-server-config';
import { serviceDefinitionFor } from './service-definition';
import { RpcError, unimplemented } from '../errors/rpc-error';
import type { AnyRpcHandler, OperatorServiceHandlers, ServerEnv, WorkflowServiceHandlers } from './handler-env';
import { installSyncRequestDecompression } from './sync-request-decompression';

/** Long polls answer a little before the caller's deadline, so the caller gets an empty answer, not DEADLINE_EXCEEDED. */
const DEADLINE_MARGIN_MS = 1000;

export interface RpcServerOptions {
  env: ServerEnv;
  workflowHandlers: WorkflowServiceHandlers;
  operatorHandlers: OperatorServiceHandlers;
  logRpcs: boolean;
  onInternalError: (method: string, err: unknown) => void;
}

export class RpcServer {
  readonly server = new grpc.Server({
    'grpc.max_receive_message_length': 128 * 1024 * 1024,
    // Channelz statistics (timestamps and counters on every message) are read by no one here.
    'grpc.enable_channelz': 0,
  });
  private readonly openCalls = new Set<AbortController>();

  constructor(private readonly options: RpcServerOptions) {
    installSyncRequestDecompression();
    this.addService('temporal.api.workflowservice.v1.WorkflowService', options.workflowHandlers);
    this.addService('temporal.api.operatorservice.v1.OperatorService', options.operatorHandlers);
    this.addHealthService();
  }

  private addService(serviceName: string, handlers: { readonly [method: string]: AnyRpcHandler | undefined }): void {
    const { definition } = serviceDefinitionFor(serviceName);
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const [method, methodDefinition] of Object.entries(definition)) {
      if (methodDefinition.responseStream || methodDefinition.requestStream) continue;
      implementation[method] = this.unaryHandler(method, handlers[method]);
    }
    this.server.addService(definition, implementation);
  }

  private addHealthService(): void {
    const { definition } = serviceDefinitionFor('grpc.health.v1.Health');
    this.server.addService(definition, {
      Check: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) =>
        callback(null, { status: 1 }),
      Watch: (call: grpc.ServerWritableStream<unknown, unknown>) => {
        call.write({ status: 1 });
      },
    });
  }

  private unaryHandler(method: string, handler: AnyRpcHandler | undefined) {
    return (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      if (!handler) {
        callback(this.toServiceError(method, unimplemented(method)));
        return;
      }
      const controller = new AbortController();
      this.openCalls.add(controller);
      // grpc-js reports every closed stream as cancelled, answered ones too: only an open call is aborted.
      const onCancelled = () => controller.abort();
      call.once('cancelled', onCancelled);
      const deadlineTimer = this.deadlineTimer(call, controller);
      const started = Date.now();
      Promise.resolve()
        // The method's own codec decoded the request, so it is the message type this method's handler is typed for.
        .then(() => handler(call.request as never, { ...this.options.env, abort: controller.signal }))
        .then(
          (response) => {
            if (this.options.logRpcs)
              process.stderr.write(`${new Date(started).toISOString()} rpc ${method} ok ${Date.now() - started}ms\n`);
            callback(null, response);
          },
          (err) => {
            if (this.options.logRpcs)
              process.stderr.write(
                `${new Date(started).toISOString()} rpc ${method} error ${(err as Error).message}\n`,
              );
            callback(this.toServiceError(method, err));
          },
        )
        .finally(() => {
          call.removeListener('cancelled', onCancelled);
          if (deadlineTimer) clearTimeout(deadlineTimer);
          this.openCalls.delete(controller);
        });
    };
  }

  private deadlineTimer(
    call: grpc.ServerUnaryCall<unknown, unknown>,
    controller: AbortController,
  ): NodeJS.Timeout | undefined {
    const deadline = call.getDeadline();
    const ms = deadline instanceof Date ? deadline.getTime() : Number(deadline);
    if (!Number.isFinite(ms)) return undefined;
    return setTimeout(() => controller.abort(), Math.max(0, ms - Date.now() - DEADLINE_MARGIN_MS));
  }

  private toServiceError(method: string, err: unknown): Partial<grpc.ServiceError> {
    if (err instanceof RpcError) return { code: err.code, details: err.message, metadata: err.metadata() };
    this.options.onInternalError(method, err);
    return {
      code: grpc.status.INTERNAL,
      details: `internal error in ${method}: ${(err as Error)?.message ?? String(err)}`,
    };
  }

  bind(host: string, port: number, tls?: ServerTlsConfig): Promise<number> {
    const credentials = tls ? tlsCredentials(tls) : grpc.ServerCredentials.createInsecure();
    return new Promise((resolve, reject) => {
      this.server.bindAsync(`${host}:${port}`, credentials, (err, boundPort) =>
        err ? reject(err) : resolve(boundPort),
      );
    });
  }

  /** Ends open calls (long polls answer empty), then stops the server. */
  async close(): Promise<void> {
    for (const controller of this.openCalls) controller.abort();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, 2000);
      this.server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }
}

/** TLS with the configured certificate; with a client CA, a client must present a certificate it signed (mTLS). */
function tlsCredentials(tls: ServerTlsConfig): grpc.ServerCredentials {
  const clientCa = tls.clientCaFile !== undefined ? fs.readFileSync(tls.clientCaFile) : null;
  const keyPair = { cert_chain: fs.readFileSync(tls.certFile), private_key: fs.readFileSync(tls.keyFile) };
  return grpc.ServerCredentials.createSsl(clientCa, [keyPair], clientCa !== null);
}
