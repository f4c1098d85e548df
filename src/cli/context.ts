import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../config.ts';
import type { Progress, ServiceContext } from '../services/context.ts';
import { silentProgress } from '../services/context.ts';
import { DataDirLockedError } from '../store/lock.ts';
import { openStore } from '../store/open.ts';
import { cliActor, cliRuns, ForwardToServer, serverListening, socketPathOf } from './remote.ts';

export interface GlobalOptions {
  dataDir?: string;
}

/** Files over this many rows get a progress bar, when stderr is a terminal. */
export const PROGRESS_THRESHOLD = 10_000;

export function terminalProgress(): Progress {
  if (!process.stderr.isTTY) return silentProgress;
  let bar: SingleBar | null = null;
  return {
    start(total, label) {
      if (total < PROGRESS_THRESHOLD) return;
      bar = new SingleBar(
        { format: `${label} [{bar}] {percentage}% {value}/{total}`, stream: process.stderr },
        Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update(done) {
      bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/**
 * Opens the configured store for one command and closes it afterwards, whatever happens. Inside a running server
 * (a command forwarded over its socket) it hands out the server's store instead. When a running server holds the
 * embedded data dir, it throws `ForwardToServer` and `runCli` sends the command there.
 */
export async function withContext<T>(
  global: GlobalOptions,
  fn: (ctx: ServiceContext) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const run = cliRuns.getStore();
  if (run?.mode === 'remote') return fn({ ...run.ctx, progress: silentProgress });
  const config = loadConfig(process.env, { dataDir: global.dataDir });
  let store;
  try {
    store = await openStore(config.store, options);
  } catch (error) {
    if (error instanceof DataDirLockedError && 'dataDir' in config.store) {
      const socketPath = socketPathOf(config.store.dataDir);
      if (await serverListening(socketPath)) throw new ForwardToServer(socketPath);
    }
    throw error;
  }
  try {
    return await fn({ store, config, progress: terminalProgress(), actor: cliActor(), now: () => new Date() });
  } finally {
    await store.close();
  }
}
