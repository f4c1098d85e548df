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
  /** The program and command words (`tenure serve`), never its arguments: a `--password` must not land here. */
  command: string;
  since: string;
}

/** The lock file beside a data dir. */
export function lockPathOf(dataDir: string): string {
  const resolved = path.resolve(dataDir);
  return path.join(path.dirname(resolved), `${path.basename(resolved)}.lock`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

/**
 * What a lock (or guard) file says: `missing` when there is no file (then there is nothing to remove, and removing
 * the path anyway could delete a lock another process has just created), `corrupt` when it cannot be read as a
 * holder, else its holder.
 */
type LockFile = { kind: 'missing' } | { kind: 'corrupt' } | { kind: 'holder'; holder: LockHolder };

function readLockFile(file: string): LockFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    return typeof holder?.pid === 'number' ? { kind: 'holder', holder } : { kind: 'corrupt' };
  } catch {
    return { kind: 'corrupt' };
  }
}

/** A file that exists and whose holder is gone: dead on this host, or unreadable. A missing file is not stale. */
const staleFile = (file: LockFile) => file.kind === 'corrupt' || (file.kind === 'holder' && isStale(file.holder));

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const isStale = (holder: LockHolder) => holder.hostname === os.hostname() && !isAlive(holder.pid);

/**
 * Creates `target` holding `content`, or returns false if it exists. The content is written to a private file
 * first and hard-linked into place, so the lock never exists half-written and creation is atomic (link fails on
 * an existing name).
 */
function createWith(target: string, content: string): boolean {
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(temp, content, { flag: 'wx', mode: 0o600 });
  try {
    fs.linkSync(temp, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/**
 * Removes a stale lock, once, under a takeover guard: whoever holds the guard re-reads the lock and removes it only
 * if it is still the dead holder's, so two processes that both saw the stale lock cannot remove each other's
 * fresh one (the old rm-then-create race). Returns whether the caller should try to create the lock again.
 */
function removeStale(lockPath: string, me: LockHolder): boolean {
  const guard = `${lockPath}.takeover`;
  if (!createWith(guard, JSON.stringify(me))) {
    // Another process is taking over; a guard whose holder died mid-takeover is moved aside atomically and dropped.
    // A guard that has just gone is not stale: the next attempt may take it (moving it aside now could move a
    // guard someone else has just created).
    if (staleFile(readLockFile(guard))) {
      const aside = `${guard}.${process.pid}.stale`;
      try {
        fs.renameSync(guard, aside);
        fs.rmSync(aside, { force: true });
      } catch {
        // somebody else cleared it first
      }
    } else {
      pause(5);
    }
    return true;
  }
  try {
    // Only a lock that is there and dead is removed. When it has gone (the previous guard holder removed it),
    // removing the path would delete the fresh lock a contender may have created since: two holders.
    if (staleFile(readLockFile(lockPath))) fs.rmSync(lockPath, { force: true });
    return true;
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

/** The command words of this process (`tenure user add`), without options, values or file names. */
export function commandWords(argv: readonly string[] = process.argv): string {
  const program = path.basename(argv[1] ?? argv[0] ?? 'node').replace(/\.(js|ts|mjs)$/, '');
  const words: string[] = [];
  const rest = argv.slice(2);
  for (let i = 0; i < rest.length && words.length < 2; i++) {
    const token = rest[i] ?? '';
    if (token.startsWith('-')) {
      if (words.length > 0) break;
      if (token === '--data-dir') i++;
      continue;
    }
    if (!/^[a-z][a-z0-9-]*$/.test(token)) break;
    words.push(token);
  }
  return [program, ...words].join(' ');
}

/**
 * Takes an exclusive lock on an embedded data dir (PGlite has none of its own: two processes on one dir corrupt it).
 * The lock is a file beside the dir naming its holder's pid and command; a holder that died on this host is taken
 * over. Returns the release function.
 */
export function lockDataDir(dataDir: string, options: { command?: string } = {}): () => void {
  const lockPath = lockPathOf(dataDir);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const me: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    command: options.command ?? commandWords(),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 200; attempt++) {
    if (createWith(lockPath, JSON.stringify(me))) {
      const release = () => {
        const holder = readHolder(lockPath);
        if (holder?.pid === process.pid) fs.rmSync(lockPath, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    }
    const holder = readHolder(lockPath);
    if (holder && !isStale(holder)) throw new DataDirLockedError(lockPath, holder);
    if (!removeStale(lockPath, me)) break;
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}
