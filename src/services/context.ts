import type { TenureConfig } from '../config.ts';
import type { Store } from '../store/types.ts';
import type { ReportCache } from './report-cache.ts';

// Progress lives in the core, so importers (which may not import services) take the same one.
import type { Progress } from '../core/progress.ts';
export { silentProgress, type Progress } from '../core/progress.ts';

/** Everything a service verb needs, handed in: never read from module state. */
export interface ServiceContext {
  store: Store;
  config: TenureConfig;
  progress: Progress;
  /** A long-running server's ledger and report memory; absent in one-shot commands. */
  cache?: ReportCache;
}
