// Deterministic, streaming generator of subscription histories in the dbt mrr-playbook shape:
// periods [start, end) on month starts, a monthly amount, a null end while still running.
// Same seed and options, same rows: every engine is loaded by replaying the generator.

export interface GenerateOptions {
  customers: number;
  /** Horizon length in months, starting at `firstMonth`. */
  months: number;
  /** Month index (year * 12 + month0) of the first month of the horizon. */
  firstMonth: number;
  seed: number;
  /** Customers per chunk: about 3 periods each, so the default gives ~50k period rows. */
  chunkCustomers?: number;
}

/** One chunk of rows, column-wise, ready for an unnest insert or an appender. */
export interface PeriodChunk {
  /** Accounts in this chunk are `firstAccount` .. `firstAccount + accountCount - 1` (1-based). */
  firstAccount: number;
  accountCount: number;
  account: number[];
  subscription: string[];
  startMonth: number[];
  /** Exclusive end month index, or null while the subscription is still running. */
  endMonth: (number | null)[];
  amountMinor: number[];
  plan: string[];
  quantity: number[];
}

/** mulberry32: a tiny 32-bit PRNG, good enough for synthetic data and identical on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Plan {
  name: string;
  unitMinor: number;
  minSeats: number;
  maxSeats: number;
}

// Per-seat tiers; weights skew to the small plans like a typical self-serve SaaS.
const PLANS: readonly Plan[] = [
  { name: 'starter', unitMinor: 2900, minSeats: 1, maxSeats: 3 },
  { name: 'team', unitMinor: 1200, minSeats: 3, maxSeats: 25 },
  { name: 'business', unitMinor: 3900, minSeats: 10, maxSeats: 80 },
  { name: 'enterprise', unitMinor: 6900, minSeats: 50, maxSeats: 400 },
];
const PLAN_WEIGHTS = [0.45, 0.3, 0.18, 0.07];
// Periods per customer before the horizon cuts them off, 1..6 (mean 3.9; about 3 remain).
const PERIOD_COUNT_WEIGHTS = [0.04, 0.1, 0.22, 0.26, 0.2, 0.18];
const ADDON_SHARE = 0.08;

function pickWeighted(rng: () => number, weights: readonly number[]): number {
  let r = rng();
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

function intBetween(rng: () => number, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function emptyChunk(firstAccount: number): PeriodChunk {
  return {
    firstAccount,
    accountCount: 0,
    account: [],
    subscription: [],
    startMonth: [],
    endMonth: [],
    amountMinor: [],
    plan: [],
    quantity: [],
  };
}

function push(chunk: PeriodChunk, row: [number, string, number, number | null, number, string, number]): void {
  chunk.account.push(row[0]);
  chunk.subscription.push(row[1]);
  chunk.startMonth.push(row[2]);
  chunk.endMonth.push(row[3]);
  chunk.amountMinor.push(row[4]);
  chunk.plan.push(row[5]);
  chunk.quantity.push(row[6]);
}

/** Appends one customer's history: runs of contiguous plan changes, separated by churn gaps. */
function generateCustomer(rng: () => number, account: number, o: GenerateOptions, chunk: PeriodChunk): void {
  const horizonEnd = o.firstMonth + o.months;
  // The power skews sign-ups towards recent months, as in a growing company.
  let start = o.firstMonth + Math.floor(o.months * rng() ** 0.75);
  const periods = 1 + pickWeighted(rng, PERIOD_COUNT_WEIGHTS);
  let tier = pickWeighted(rng, PLAN_WEIGHTS);
  let plan = PLANS[tier]!;
  let seats = intBetween(rng, plan.minSeats, plan.maxSeats);
  let subscription = 1;
  for (let k = 0; k < periods && start < horizonEnd; k++) {
    const length = 1 + Math.floor(rng() * rng() * 24);
    const last = k === periods - 1;
    let end: number | null = start + length;
    if (end > horizonEnd || (last && rng() < 0.4)) end = null;
    push(chunk, [account, `sub_${account}_${subscription}`, start, end, plan.unitMinor * seats, plan.name, seats]);
    if (end === null) return;
    if (rng() < 0.7) {
      // Plan change without a gap: seats move up (60%) or down, sometimes the tier too.
      const up = rng() < 0.6;
      if (rng() < 0.2) tier = Math.max(0, Math.min(PLANS.length - 1, tier + (up ? 1 : -1)));
      plan = PLANS[tier]!;
      const step = Math.max(1, Math.round(seats * 0.25 * rng()));
      seats = Math.max(plan.minSeats, Math.min(plan.maxSeats, seats + (up ? step : -step)));
      start = end;
    } else {
      // Churn, then a reactivation on a new subscription after a gap.
      subscription++;
      start = end + intBetween(rng, 1, 12);
      tier = pickWeighted(rng, PLAN_WEIGHTS);
      plan = PLANS[tier]!;
      seats = intBetween(rng, plan.minSeats, plan.maxSeats);
    }
  }
}

/** Some customers also buy an add-on: a second, overlapping subscription of a small flat amount. */
function generateAddon(rng: () => number, account: number, o: GenerateOptions, chunk: PeriodChunk): void {
  const horizonEnd = o.firstMonth + o.months;
  const start = o.firstMonth + intBetween(rng, 0, o.months - 1);
  const end = start + intBetween(rng, 1, 18);
  const amount = 500 * intBetween(rng, 1, 10);
  push(chunk, [account, `sub_${account}_addon`, start, end > horizonEnd ? null : end, amount, 'addon', 1]);
}

/** Yields the whole data set chunk by chunk; only one chunk is alive at a time. */
export function* generatePeriods(options: GenerateOptions): Generator<PeriodChunk> {
  const rng = mulberry32(options.seed);
  const perChunk = options.chunkCustomers ?? 16_000;
  for (let first = 1; first <= options.customers; first += perChunk) {
    const chunk = emptyChunk(first);
    const last = Math.min(options.customers, first + perChunk - 1);
    for (let account = first; account <= last; account++) {
      generateCustomer(rng, account, options, chunk);
      if (rng() < ADDON_SHARE) generateAddon(rng, account, options, chunk);
    }
    chunk.accountCount = last - first + 1;
    yield chunk;
  }
}
