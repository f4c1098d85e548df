import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../config.ts';
import type { Progress, ServiceContext } from '../services/context.ts';
import { silentProgress } from '../services/context.ts';
import { openStore } from '../store/open.ts';

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

/** Opens the configured store for one command and closes it afterwards, whatever happens. */
export async function withContext<T>(global: GlobalOptions, fn: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, { dataDir: global.dataDir });
  const store = await openStore(config.store);
  try {
    return await fn({ store, config, progress: terminalProgress() });
  } finally {
    await store.close();
  }
}
