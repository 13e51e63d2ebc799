/**
 * The embedded server's HTTP listener: the Temporal UI and its `/api/v1` API on one port. Every request gets an
 * abort signal that fires when the browser goes away or the server closes, so a long poll never outlives its caller.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiRouter, type ApiRouterOptions } from './api-router';
import { StaticUi } from './static-ui';
import { ensureCsrfCookie } from './write-guard';

export interface UiHttpServerOptions extends ApiRouterOptions {
  assetsDir: string;
}

export class UiHttpServer {
  private readonly server: http.Server;
  private readonly api: ApiRouter;
  private readonly staticUi: StaticUi;
  private readonly open = new Set<AbortController>();

  constructor(options: UiHttpServerOptions) {
    this.api = new ApiRouter(options);
    this.staticUi = new StaticUi(options.assetsDir);
    this.server = http.createServer((req, res) => this.handle(req, res));
    // Long polls hold a request for up to 20 s; the defaults would cut idle keep-alive sockets sooner than browsers do.
    this.server.keepAliveTimeout = 65_000;
  }

  /** False when the UI was never built: pages then say how to build it, the API still answers. */
  get uiBuilt(): boolean {
    return this.staticUi.built;
  }

  /** Requests being answered right now (long polls included). */
  get openRequests(): number {
    return this.open.size;
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.removeListener('error', onError);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const controller = new AbortController();
    this.open.add(controller);
    res.once('close', () => {
      // 'close' after the answer was sent is the normal end; before it, the browser went away.
      if (!res.writableFinished) controller.abort();
    });
    ensureCsrfCookie(req, res);
    const url = new URL(req.url ?? '/', 'http://steadfast.invalid');
    const done = () => this.open.delete(controller);
    if (url.pathname === '/api/v1' || url.pathname.startsWith('/api/v1/')) {
      this.api.handle(req, res, url, controller.signal).then(done, (err: unknown) => {
        done();
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 13, message: `internal error: ${(err as Error)?.message ?? String(err)}` }));
      });
      return;
    }
    try {
      this.staticUi.serve(req, res, url.pathname);
    } finally {
      done();
    }
  }

  /** Ends open requests (long polls answer at once), then stops listening. */
  async close(): Promise<void> {
    for (const controller of this.open) controller.abort();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => {
        this.server.closeAllConnections();
      }, 2000).unref();
    });
  }
}
