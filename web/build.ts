// Builds the dashboard when web/dist is missing or older than its sources, so `npm install`, `npm start` and the
// browser tests never need a separate build step. Run directly (`node web/build.ts [--force]`) or call
// ensureWebBuild().
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const distDir = join(webDir, 'dist');
const stampFile = join(distDir, '.built');
const lockFile = join(webDir, 'dist.lock');
const LOCK_WAIT_MS = 5 * 60_000;

let inFlight: Promise<string> | null = null;

async function newestSourceMtime(): Promise<number> {
  let newest = 0;
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path);
    if (info.isDirectory()) {
      for (const name of await readdir(path)) await visit(join(path, name));
    } else newest = Math.max(newest, info.mtimeMs);
  };
  for (const path of ['src', 'index.html', 'vite.config.ts']) await visit(join(webDir, path));
  return newest;
}

async function isFresh(): Promise<boolean> {
  try {
    const built = await stat(stampFile);
    return built.mtimeMs >= (await newestSourceMtime());
  } catch {
    return false;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock file across processes (two test files may start at once); a lock left by a dead process is taken over. */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (holder > 0 && !pidAlive(holder)) await rm(lockFile, { force: true });
      else if (Date.now() > deadline) throw new Error(`web build: ${lockFile} is held by process ${holder}`);
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}

/** Builds into a scratch directory and swaps it in, so a server never serves a half-written dist. */
async function buildNow(): Promise<void> {
  const { build } = await import('vite');
  const scratch = join(webDir, `dist-tmp-${process.pid}`);
  const old = join(webDir, `dist-old-${process.pid}`);
  await rm(scratch, { recursive: true, force: true });
  await build({
    configFile: join(webDir, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: scratch, emptyOutDir: true },
  });
  await writeFile(join(scratch, '.built'), new Date().toISOString());
  await rm(old, { recursive: true, force: true });
  await rename(distDir, old).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  });
  await rename(scratch, distDir);
  await rm(old, { recursive: true, force: true });
}

/** Returns web/dist, building it first when missing or stale (or when `force`). Concurrent callers share one build. */
export function ensureWebBuild({ force = false }: { force?: boolean } = {}): Promise<string> {
  inFlight ??= (async () => {
    try {
      if (!force && (await isFresh())) return distDir;
      await mkdir(webDir, { recursive: true });
      await withLock(async () => {
        if (force || !(await isFresh())) await buildNow();
      });
      return distDir;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

// Run as a script (`node web/build.ts`, the postinstall step); import.meta.main needs a newer Node than 22.18.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const force = process.argv.includes('--force');
  const dir = await ensureWebBuild({ force });
  process.stdout.write(`web: dashboard ready in ${dir} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
