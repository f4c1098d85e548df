// A process that tries to take a data dir's lock at a given instant and reports whether it got it. A holder keeps
// the lock until the parent closes its stdin (after every contender has reported), so a contender that starts late
// on a loaded machine still meets the holder, never a lock already released.
import { DataDirLockedError, lockDataDir } from '../../src/store/lock.ts';

const [dataDir, startAt] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {
  // spin until the agreed instant, so the processes really start together
}
try {
  lockDataDir(dataDir ?? '', { command: 'lock-child' });
  process.stdout.write('held\n');
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
} catch (error) {
  process.stdout.write(error instanceof DataDirLockedError ? 'locked\n' : `error ${String(error)}\n`);
  process.exit(0);
}
