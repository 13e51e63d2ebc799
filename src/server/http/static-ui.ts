/**
 * Serves the built single-page UI: files under the build directory, and index.html for every other page URL so the
 * browser can route Temporal's URL scheme itself. When the UI was never built, each page says how to build it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { UI_BUILD_COMMAND, isUiBuilt } from './ui-assets-location';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.gif': 'image/gif',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

export class StaticUi {
  readonly built: boolean;
  private readonly root: string;

  constructor(assetsDir: string) {
    this.root = path.resolve(assetsDir);
    this.built = isUiBuilt(this.root);
  }

  serve(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method Not Allowed\n');
      return;
    }
    if (!this.built) {
      this.send(req, res, 503, 'text/html; charset=utf-8', notBuiltPage(this.root), 'no-store');
      return;
    }
    const file = this.fileFor(pathname);
    if (file) {
      const immutable = pathname.startsWith('/_app/immutable/');
      const contentType = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      this.send(
        req,
        res,
        200,
        contentType,
        fs.readFileSync(file),
        immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      return;
    }
    if (pathname.startsWith('/_app/') || /\.[a-z0-9]{1,5}$/i.test(pathname)) {
      this.send(req, res, 404, 'text/plain; charset=utf-8', `Not found: ${pathname}\n`, 'no-store');
      return;
    }
    this.send(req, res, 200, CONTENT_TYPES['.html']!, fs.readFileSync(path.join(this.root, 'index.html')), 'no-cache');
  }

  /** An existing file under the build directory, never one outside it. */
  private fileFor(pathname: string): string | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    const candidate = path.resolve(this.root, `.${path.posix.normalize(decoded)}`);
    if (!candidate.startsWith(this.root + path.sep)) return undefined;
    try {
      return fs.statSync(candidate).isFile() ? candidate : undefined;
    } catch {
      return undefined;
    }
  }

  private send(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    status: number,
    contentType: string,
    body: string | Buffer,
    cacheControl: string,
  ): void {
    res.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': cacheControl,
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}

function notBuiltPage(assetsDir: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Steadfast · UI not built</title></head>
<body style="font-family: sans-serif; max-width: 44rem; margin: 3rem auto; line-height: 1.5">
<h1>The Steadfast UI is not built</h1>
<p>The embedded server is running and its API answers under <code>/api/v1</code>, but there is no built UI in
<code>${escapeHtml(assetsDir)}</code>.</p>
<p>In a clone of the repository, build it with <code>${UI_BUILD_COMMAND}</code> (<code>npm ci</code> does this too),
then reload this page. To run without a UI, start the server with <code>--headless</code>.</p>
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
