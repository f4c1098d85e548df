// The built dashboard: hashed assets served with long caching, and index.html for every other page path
// (the dashboard routes in the browser), so a deep link like /accounts/42 loads the app.
import fastifyStatic from '@fastify/static';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from './types.ts';

export async function registerWeb(scope: App, webDir: string): Promise<void> {
  await scope.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    index: false,
    setHeaders(res, path) {
      void res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}

/** index.html for a browser asking for a page path (not /api, not /v1, not a file); null otherwise. */
export function pageShell(webDir: string | undefined): (method: string, url: string) => string | null {
  if (!webDir) return () => null;
  const html = readFileSync(join(webDir, 'index.html'), 'utf8');
  return (method, url) => {
    const path = url.split('?')[0] ?? '';
    if (method !== 'GET' && method !== 'HEAD') return null;
    if (path.startsWith('/api/') || path === '/api' || path.startsWith('/v1/')) return null;
    if (/\.[a-z0-9]+$/i.test(path)) return null;
    return html;
  };
}
