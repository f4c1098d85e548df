// The built dashboard: hashed assets served with long caching, and index.html for every other page path
// (the dashboard routes in the browser), so a deep link like /accounts/42 loads the app. Files are looked up
// per request, so a rebuilt web/dist is served without a restart.
import fastifyStatic from '@fastify/static';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from './types.ts';

export async function registerWeb(scope: App, webDir: string): Promise<void> {
  await scope.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: true,
    index: false,
    setHeaders(res, path) {
      void res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // The root is a directory to the static server (403 without an index): it is the dashboard's home page.
  scope.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(await readFile(join(webDir, 'index.html'), 'utf8')),
  );
}

/** index.html for a browser asking for a page path (not /api, not /v1, not a file); null otherwise. */
export function pageShell(webDir: string | undefined): (method: string, url: string) => Promise<string | null> {
  return async (method, url) => {
    if (!webDir) return null;
    const path = url.split('?')[0] ?? '';
    if (method !== 'GET' && method !== 'HEAD') return null;
    if (path.startsWith('/api/') || path === '/api' || path.startsWith('/v1/')) return null;
    if (/\.[a-z0-9]+$/i.test(path)) return null;
    return readFile(join(webDir, 'index.html'), 'utf8');
  };
}
