// A process that tries to take a data dir's lock at a given instant, reports whether it got it, and holds it a while.
import { DataDirLockedError, lockDataDir } from '../../src/store/lock.ts';

const [dataDir, startAt, holdMs] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {
  // spin until the agreed instant, so the processes really start together
}
try {
  lockDataDir(dataDir ?? '', { command: 'lock-child' });
  process.stdout.write('held\n');
  setTimeout(() => process.exit(0), Number(holdMs));
} catch (error) {
  process.stdout.write(error instanceof DataDirLockedError ? 'locked\n' : `error ${String(error)}\n`);
}
