import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedDataDir } from './pglite-image.ts';

const tenure = path.resolve(import.meta.dirname, '../../bin/tenure.js');
const COMPILE_CACHE = path.join(os.tmpdir(), 'tenure-node-compile-cache');

export function tempDir(prefix = 'tenure-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Runs the real `tenure` CLI in a child process, without the caller's DATABASE_URL.
 * A data dir (--data-dir or TENURE_DATA_DIR) that does not exist yet, in a folder that does, is first created from
 * the migrated PGlite image: what the command's own initdb and migrations would leave, without their cost in every
 * test. The first start on an empty folder is covered where a test opens the data dir itself (store-embedded, start).
 */
export function runTenure(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  // Node's on-disk compile cache: each command after the first loads the app's modules in about half the time.
  const childEnv: NodeJS.ProcessEnv = { NODE_COMPILE_CACHE: COMPILE_CACHE, ...process.env, ...env };
  if (!('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
  const dataDir = dataDirOf(args) ?? (childEnv.DATABASE_URL ? undefined : childEnv.TENURE_DATA_DIR);
  if (dataDir && !fs.existsSync(dataDir) && fs.existsSync(path.dirname(dataDir))) seedDataDir(dataDir);
  const result = spawnSync(process.execPath, [tenure, ...args], { encoding: 'utf8', env: childEnv });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function dataDirOf(args: readonly string[]): string | undefined {
  for (const [i, arg] of args.entries()) {
    if (arg === '--data-dir') return args[i + 1];
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length);
  }
  return undefined;
}
