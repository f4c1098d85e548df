// Brakes on password guessing. Per client address, and per address and email, attempts are counted in one-minute
// windows and refused with 429 beyond a limit. Per account, across addresses, failed attempts make every later
// attempt on that email wait longer (doubling, capped), so guessing one password from many addresses is slow while
// its owner is never refused: they wait a few seconds at most, and a success clears the count.

export interface SignInGuardOptions {
  /** Attempts per client address and email per window. */
  perAddressAndEmail: number;
  /** Attempts per client address per window, whatever the emails. */
  perAddress: number;
  windowMs?: number;
  /** Failures on one email (in `failureMemoryMs`) before attempts on it are slowed. */
  freeFailures?: number;
  /** The first delay; each further failure doubles it up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  failureMemoryMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SignInGuard {
  /** Counts an attempt; the seconds to wait when over a limit, null to go on. */
  admit(address: string, email: string): number | null;
  /** The delay an attempt on this email waits before its password is checked (the same whether it is right). */
  delayMs(email: string): number;
  /** Waits that delay. */
  slowDown(email: string): Promise<void>;
  failed(email: string): void;
  succeeded(email: string): void;
}

/** Bounded memory: the oldest entries go first when a map is full. */
const MAX_ENTRIES = 50_000;

function boundedSet<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  if (map.size >= MAX_ENTRIES) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createSignInGuard(options: SignInGuardOptions): SignInGuard {
  const {
    perAddressAndEmail,
    perAddress,
    windowMs = 60_000,
    freeFailures = 5,
    baseDelayMs = 250,
    maxDelayMs = 4_000,
    failureMemoryMs = 15 * 60_000,
    now = () => performance.now(),
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  } = options;
  const windows = new Map<string, { start: number; count: number }>();
  const failures = new Map<string, { count: number; last: number }>();

  /** Counts one attempt under `key`; the milliseconds left in its window when over `max`. */
  const count = (key: string, max: number, at: number): number | null => {
    const current = windows.get(key);
    const window = current && at - current.start < windowMs ? current : { start: at, count: 0 };
    window.count++;
    boundedSet(windows, key, window);
    return window.count > max ? window.start + windowMs - at : null;
  };
  const recentFailures = (email: string): number => {
    const entry = failures.get(normalizeEmail(email));
    return entry && now() - entry.last < failureMemoryMs ? entry.count : 0;
  };
  const delayMs = (email: string): number => {
    const over = recentFailures(email) - freeFailures;
    return over < 0 ? 0 : Math.min(maxDelayMs, baseDelayMs * 2 ** over);
  };

  return {
    admit(address, email) {
      const at = now();
      const byAddress = count(`a|${address}`, perAddress, at);
      const byPair = count(`p|${address}|${normalizeEmail(email)}`, perAddressAndEmail, at);
      const waitMs = Math.max(byAddress ?? 0, byPair ?? 0);
      return byAddress === null && byPair === null ? null : Math.max(1, Math.ceil(waitMs / 1000));
    },
    delayMs,
    async slowDown(email) {
      const ms = delayMs(email);
      if (ms > 0) await sleep(ms);
    },
    failed(email) {
      boundedSet(failures, normalizeEmail(email), { count: recentFailures(email) + 1, last: now() });
    },
    succeeded(email) {
      failures.delete(normalizeEmail(email));
    },
  };
}
