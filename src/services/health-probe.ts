// The store's readiness as health checks see it: a probe that asks the store a trivial query, cached briefly.
import type { Queryable } from '../store/types.ts';

export interface ProbeOptions {
  /** A last answer younger than this is used as is, without asking the store (default 1 s). */
  freshMs?: number;
  /** How long a check waits for the store to answer a new probe (default 200 ms). */
  waitMs?: number;
  /** The same before the store's first answer, when there is no last answer to fall back on (default 5 s). */
  firstWaitMs?: number;
  /** While a new probe is still out, a last answer younger than this still counts (default 30 s). */
  staleMs?: number;
  now?: () => number;
}

export type ProbeResult = { ok: true; schemaVersion: number; ageMs: number } | { ok: false; ageMs: number | null };

/**
 * The store's answers to a trivial query. An idle server asks afresh and waits (briefly) for the answer, so the
 * first check after a quiet spell is as true as any; a store that is busy (the embedded store's one session in a
 * long write) still counts as answering while its last answer is under `staleMs` old.
 */
export function createStoreProbe(
  store: Queryable,
  options: ProbeOptions = {},
): { check(): Promise<ProbeResult>; refresh(): Promise<void> } {
  const { freshMs = 1000, waitMs = 200, firstWaitMs = 5000, staleMs = 30_000, now = () => performance.now() } = options;
  let last: { at: number; schemaVersion: number } | null = null;
  let pending: Promise<void> | null = null;
  const refresh = () =>
    (pending ??= store
      .query<{ v: number | null }>(`SELECT max(version) AS v FROM tenure_migrations`)
      .then(([row]) => {
        last = { at: now(), schemaVersion: row?.v ?? 0 };
      })
      .catch(() => undefined)
      .finally(() => (pending = null)));
  const check = async (): Promise<ProbeResult> => {
    if (last === null || now() - last.at > freshMs) {
      let timer: NodeJS.Timeout | undefined;
      const wait = last === null ? firstWaitMs : waitMs;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, wait)));
      await Promise.race([refresh(), timeout]);
      clearTimeout(timer);
    }
    const seen = last;
    if (seen === null) return { ok: false, ageMs: null };
    const ageMs = Math.max(0, Math.round(now() - seen.at));
    return ageMs <= staleMs ? { ok: true, schemaVersion: seen.schemaVersion, ageMs } : { ok: false, ageMs };
  };
  return { check, refresh };
}
