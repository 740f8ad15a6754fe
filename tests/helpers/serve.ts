/**
 * A tiny static file server for built sites: `index.html` for directories,
 * the MIME types a browser needs (Pagefind's .wasm and .pf_* files included),
 * 404.html for missing files. Loopback only, on a free port.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

export const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  // Pagefind's index chunks, fragments, filters and metadata are gzipped binary blobs.
  '.pagefind': 'application/wasm',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
};

export interface StaticServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  server: Server;
  /** Every request path served, in order (for measuring what a page fetched). */
  requests: { path: string; status: number; bytes: number }[];
  close(): Promise<void>;
}

/** Resolve a URL path to a file inside `root`, or undefined. Never escapes `root`. */
export async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return undefined;
  }
  const file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  if (info?.isFile()) return file;
  if (info?.isDirectory()) {
    const index = join(file, 'index.html');
    if ((await stat(index).catch(() => undefined))?.isFile()) return index;
  }
  return undefined;
}

/**
 * Serve a built site. With `prefix` (`/kb/`) the site is served under that path, as GitHub Pages serves a
 * project site: `/kb/x/` is `<root>/x/index.html`, and anything outside the prefix is a 404.
 */
export async function serveStatic(root: string, options: { prefix?: string } = {}): Promise<StaticServer> {
  const base = normalize(root);
  const prefix = options.prefix ?? '/';
  const requests: StaticServer['requests'] = [];
  const server = createServer(async (req, res) => {
    const urlPath = req.url ?? '/';
    let file = urlPath.startsWith(prefix) ? await resolveFile(base, `/${urlPath.slice(prefix.length)}`) : undefined;
    let status = 200;
    if (!file) {
      status = 404;
      file = await resolveFile(base, '/404.html');
    }
    if (!file) {
      requests.push({ path: urlPath, status, bytes: 0 });
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const { size } = await stat(file);
    requests.push({ path: urlPath, status, bytes: size });
    res.writeHead(status, {
      'content-type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
