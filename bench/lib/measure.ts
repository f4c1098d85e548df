// Timing and memory for benchmarks. RSS covers the whole process: worker threads (PGlite) and
// native code (DuckDB) included, which is why phases are measured one after another, never overlapped.

export interface PhaseResult<T> {
  value: T;
  ms: number;
  /** Highest RSS seen while the phase ran, sampled every `intervalMs` and at both ends. */
  peakRssBytes: number;
  /** CPU time (user + system, every thread of the process) the phase used: on a busy machine, steadier than `ms`. */
  cpuMs: number;
}

/** Runs `fn`, timing it with the monotonic high-resolution clock and sampling RSS while it runs. */
export async function measure<T>(fn: () => Promise<T>, intervalMs = 50): Promise<PhaseResult<T>> {
  let peak = process.memoryUsage.rss();
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, intervalMs);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  try {
    const value = await fn();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const used = process.cpuUsage(cpu);
    sample();
    return { value, ms, peakRssBytes: peak, cpuMs: (used.user + used.system) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

/** The process's lifetime peak RSS as the kernel counted it (catches spikes between samples). */
export function lifetimePeakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
