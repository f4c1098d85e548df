// ensureWebBuild: web/dist exists and is newer than every source after it, and concurrent callers share one build.
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ensureWebBuild } from '../../web/build.ts';

const webDir = join(import.meta.dirname, '..', '..', 'web');

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const name of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, name)));
  return newest;
}

describe('ensureWebBuild', () => {
  it('leaves a dist newer than the sources, with the app and its hashed assets, once for concurrent callers', async () => {
    const [a, b] = await Promise.all([ensureWebBuild(), ensureWebBuild()]);
    assert.equal(a, b);
    assert.equal(a, join(webDir, 'dist'));
    const html = await readFile(join(a, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/src="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
    assert.equal(scripts.length, 1, 'index.html loads one script bundle');
    await stat(join(a, 'assets', scripts[0]!));
    const built = (await stat(join(a, '.built'))).mtimeMs;
    for (const source of ['src', 'index.html', 'vite.config.ts']) {
      assert.ok(built >= (await newestMtime(join(webDir, source))), `dist is newer than web/${source}`);
    }
    // A fresh build is not redone: the stamp stays as it was.
    await ensureWebBuild();
    assert.equal((await stat(join(a, '.built'))).mtimeMs, built);
  });
});
