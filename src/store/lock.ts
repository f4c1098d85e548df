import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirLockedError extends Error {
  readonly lockPath: string;
  readonly holder: LockHolder;
  constructor(lockPath: string, holder: LockHolder) {
    super(
      `The data dir ${lockPath.replace(/\.lock$/, '')} is in use by process ${holder.pid} (${holder.command}) ` +
        `on ${holder.hostname} since ${holder.since}. Stop that process, or point this one at another --data-dir.`,
    );
    this.name = 'DataDirLockedError';
    this.lockPath = lockPath;
    this.holder = holder;
  }
}

export interface LockHolder {
  pid: number;
  hostname: string;
  command: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockPath: string): LockHolder | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

/**
 * Takes an exclusive lock on an embedded data dir (PGlite has none of its own: two processes on one dir corrupt it).
 * The lock is a file beside the dir naming its holder; a holder that died on this host is taken over.
 * Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = path.join(path.dirname(path.resolve(dataDir)), `${path.basename(dataDir)}.lock`);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const me: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    command: process.argv.slice(1).join(' ') || process.argv0,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx' });
      const release = () => {
        const holder = readHolder(lockPath);
        if (holder?.pid === process.pid) fs.rmSync(lockPath, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockPath);
      const stale = holder && holder.hostname === os.hostname() && !isAlive(holder.pid);
      if (holder && !stale) throw new DataDirLockedError(lockPath, holder);
      fs.rmSync(lockPath, { force: true }); // stale or unreadable (a crash mid-write): take it over
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}
