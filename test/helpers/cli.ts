import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const tenure = path.resolve(import.meta.dirname, '../../bin/tenure.js');

export function tempDir(prefix = 'tenure-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs the real `tenure` CLI in a child process, without the caller's DATABASE_URL. */
export function runTenure(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
  const result = spawnSync(process.execPath, [tenure, ...args], { encoding: 'utf8', env: childEnv });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
