// Every account's normalized billing intervals, column by column (typed arrays), read at any as-of day.
//
// Intervals are normalized once at the far as-of day (FAR_AS_OF) and keep their days; the ledger for a day D
// is the normalizer's own asOf cut applied to them (pushInterval in normalize.ts): service not begun by D is
// left out, and service still in force on D runs through D's month. So cutting at another day is a
// computation, never a reload. An account's rows are replaced when its records change (`setAccount`).
import { dayOf, monthOfDay, type DayNumber, type MonthIndex } from '../period.ts';
import { ledgerForCustomer, ledgerOf, type CustomerLedger, type Ledger } from './ledger.ts';
import type { AccountId, MrrInterval, ResolvedSettings } from './types.ts';

/** The day every record is normalized at: the last day the importers accept. */
export const FAR_AS_OF = '2100-12-31';
/** The first day and the day after the last that a billing date may have (1970-01-01 .. 2100-12-31). */
export const FIRST_BILLING_DAY = dayOf('1970-01-01');
export const END_BILLING_DAY = dayOf('2101-01-01');

const OPEN = 2 ** 31 - 1;

/** How a ledger is cut: the day and its month, and the one setting the ledger reads. */
export type Cut = Pick<ResolvedSettings, 'asOfDay' | 'lastMonth' | 'sameMonthNewAndChurn'>;

class Column<A extends Int32Array | Float64Array> {
  data: A;
  private readonly make: (n: number) => A;
  constructor(make: (n: number) => A) {
    this.make = make;
    this.data = make(1024);
  }
  /** Keeps only the rows [from, from + n) of each range, in order. */
  gather(ranges: readonly (readonly [number, number])[], total: number): void {
    const next = this.make(total + 1024);
    let w = 0;
    for (const [from, n] of ranges) {
      next.set(this.data.subarray(from, from + n), w);
      w += n;
    }
    this.data = next;
  }
  ensure(n: number): void {
    if (n <= this.data.length) return;
    const grown = this.make(Math.max(n, this.data.length * 2));
    grown.set(this.data);
    this.data = grown;
  }
}

const ints = () => new Column((n) => new Int32Array(n));
const floats = () => new Column((n) => new Float64Array(n));

export class IntervalColumns {
  private rows = 0;
  private dead = 0;
  private readonly startDay = ints();
  private readonly endDay = ints();
  private readonly startMonth = ints();
  private readonly endMonth = ints();
  private readonly native = floats();
  private readonly value = floats();
  private readonly currency = ints();
  private readonly plan = ints();
  private sources: (readonly string[] | undefined)[] = [];
  private readonly strings: (string | null)[] = [];
  private readonly stringIds = new Map<string | null, number>();
  /** Per account slot: its id, first row and row count (-1 once removed). */
  private readonly ids: AccountId[] = [];
  private readonly slots = new Map<AccountId, number>();
  private first = new Int32Array(1024);
  private count = new Int32Array(1024);
  private sorted: AccountId[] | null = null;

  get size(): number {
    return this.rows - this.dead;
  }

  private intern(text: string | null): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.stringIds.set(text, id);
    }
    return id;
  }

  private slotOf(accountId: AccountId): number {
    let s = this.slots.get(accountId);
    if (s !== undefined) return s;
    s = this.ids.length;
    this.ids.push(accountId);
    this.slots.set(accountId, s);
    if (s >= this.first.length) {
      const [first, count] = [new Int32Array(s * 2), new Int32Array(s * 2)];
      first.set(this.first);
      count.set(this.count);
      [this.first, this.count] = [first, count];
    }
    this.sorted = null;
    return s;
  }

  /** Replaces an account's intervals (normalized at FAR_AS_OF, with their days); none removes it. */
  setAccount(accountId: AccountId, intervals: readonly MrrInterval[]): void {
    const existing = this.slots.get(accountId);
    if (existing !== undefined) this.dead += this.count[existing] ?? 0;
    if (intervals.length === 0) {
      if (existing !== undefined) this.count[existing] = 0;
      this.compactIfSparse();
      return;
    }
    const s = this.slotOf(accountId);
    const at = this.rows;
    const end = at + intervals.length;
    for (const c of [this.startDay, this.endDay, this.startMonth, this.endMonth, this.currency, this.plan])
      c.ensure(end);
    this.native.ensure(end);
    this.value.ensure(end);
    intervals.forEach((iv, k) => {
      const row = at + k;
      if (iv.startDay === undefined || iv.endDay === undefined) throw new RangeError('an interval without its days');
      this.startDay.data[row] = iv.startDay;
      this.endDay.data[row] = iv.endDay ?? OPEN;
      this.startMonth.data[row] = iv.startMonth;
      this.endMonth.data[row] = iv.endDay === null ? OPEN : monthOfDay(iv.endDay);
      this.native.data[row] = iv.nativeMinor;
      this.value.data[row] = iv.valueMinor;
      this.currency.data[row] = this.intern(iv.currency);
      this.plan.data[row] = this.intern(iv.plan);
      this.sources[row] = iv.sources;
    });
    this.rows = end;
    this.first[s] = at;
    this.count[s] = intervals.length;
    this.compactIfSparse();
  }

  /** Accounts with at least one interval, ascending (numbers by value). */
  accounts(): readonly AccountId[] {
    if (!this.sorted) {
      this.sorted = this.ids.filter((id) => (this.count[this.slots.get(id) ?? 0] ?? 0) > 0);
      this.sorted.sort((a, b) =>
        typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1,
      );
    }
    return this.sorted;
  }

  has(accountId: AccountId): boolean {
    const s = this.slots.get(accountId);
    return s !== undefined && (this.count[s] ?? 0) > 0;
  }

  /** An account's intervals as the normalizer gives them at `cut.asOfDay` (stored order). */
  intervalsAt(accountId: AccountId, cut: Pick<Cut, 'asOfDay' | 'lastMonth'>): MrrInterval[] {
    const s = this.slots.get(accountId);
    const out: MrrInterval[] = [];
    if (s === undefined) return out;
    const from = this.first[s] ?? 0;
    const to = from + (this.count[s] ?? 0);
    for (let row = from; row < to; row++) {
      const startDay = this.startDay.data[row] ?? 0;
      if (startDay > cut.asOfDay) continue;
      const endDay = this.endDay.data[row] ?? OPEN;
      out.push({
        accountId,
        startMonth: this.startMonth.data[row] ?? 0,
        endMonth: endDay === OPEN || endDay > cut.asOfDay ? cut.lastMonth + 1 : (this.endMonth.data[row] ?? 0),
        nativeMinor: this.native.data[row] ?? 0,
        currency: this.strings[this.currency.data[row] ?? 0] ?? '',
        valueMinor: this.value.data[row] ?? 0,
        plan: this.strings[this.plan.data[row] ?? 0] ?? null,
        sources: this.sources[row] ?? [],
        startDay,
        endDay: endDay === OPEN ? null : endDay,
      });
    }
    return out;
  }

  /** The earliest month any interval starts (null when there are none). */
  firstMonth(): MonthIndex | null {
    let first: number | null = null;
    for (const id of this.accounts()) {
      const s = this.slots.get(id) ?? 0;
      const from = this.first[s] ?? 0;
      for (let row = from; row < from + (this.count[s] ?? 0); row++) {
        const m = this.startMonth.data[row] ?? 0;
        if (first === null || m < first) first = m;
      }
    }
    return first;
  }

  private compactIfSparse(): void {
    if (this.dead < 4096 || this.dead * 2 < this.rows) return;
    const live = this.rows - this.dead;
    const ranges = this.ids.map((id) => {
      const s = this.slots.get(id) ?? 0;
      return [this.first[s] ?? 0, this.count[s] ?? 0] as const;
    });
    for (const c of [this.startDay, this.endDay, this.startMonth, this.endMonth, this.currency, this.plan])
      c.gather(ranges, live);
    this.native.gather(ranges, live);
    this.value.gather(ranges, live);
    const sources: (readonly string[] | undefined)[] = [];
    let w = 0;
    for (const id of this.ids) {
      const s = this.slots.get(id) ?? 0;
      const from = this.first[s] ?? 0;
      const n = this.count[s] ?? 0;
      for (let k = 0; k < n; k++) sources.push(this.sources[from + k]);
      this.first[s] = w;
      w += n;
    }
    this.sources = sources;
    this.rows = live;
    this.dead = 0;
  }
}

/** Where a record's intervals come in normalizeRecords' order: periods, subscriptions, invoice lines. */
function kindRank(iv: MrrInterval): number {
  const source = iv.sources[0] ?? '';
  return source.startsWith('period:') ? 0 : source.startsWith('line:') ? 2 : 1;
}

/**
 * One customer's ledger cut at `cut`; `override` gives intervals of accounts read at the day itself. With
 * `members` (accounts that count as this one: merged into it, or its children under a parent rollup, itself
 * included, ascending), their intervals together, in the order a normalization of all their records gives.
 */
export function customerAt(
  columns: IntervalColumns,
  accountId: AccountId,
  cut: Cut,
  override?: (accountId: AccountId) => readonly MrrInterval[] | undefined,
  members?: readonly AccountId[],
): CustomerLedger {
  if (!members || members.length <= 1) {
    const intervals = override?.(accountId) ?? columns.intervalsAt(accountId, cut);
    return ledgerForCustomer(accountId, intervals, cut);
  }
  const intervals: MrrInterval[] = [];
  for (const member of members) intervals.push(...(override?.(member) ?? columns.intervalsAt(member, cut)));
  const ordered = intervals
    .map((iv, at) => ({ iv, at, rank: kindRank(iv) }))
    .sort((a, b) => a.rank - b.rank || a.at - b.at)
    .map(({ iv }) => iv);
  return ledgerForCustomer(accountId, ordered, cut);
}

/** The whole ledger at `cut`: every account's customerAt, in ascending account order. */
export function ledgerAt(
  columns: IntervalColumns,
  cut: Cut,
  override?: (accountId: AccountId) => readonly MrrInterval[] | undefined,
  extraAccounts: readonly AccountId[] = [],
): Ledger {
  const customers: CustomerLedger[] = [];
  const ids = extraAccounts.length === 0 ? columns.accounts() : mergeIds(columns.accounts(), extraAccounts);
  for (const id of ids) customers.push(customerAt(columns, id, cut, override));
  return ledgerOf(customers, cut.lastMonth);
}

/** Account ids of both lists, once each, ascending. */
export function mergeIds(a: readonly AccountId[], b: readonly AccountId[]): AccountId[] {
  const all = [...new Set([...a, ...b])];
  return all.sort((x, y) => (typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1));
}

/** Whether a day lies in the billing range the engine accepts (1970-01-01 .. 2100-12-31). */
export function inBillingRange(day: DayNumber): boolean {
  return day >= FIRST_BILLING_DAY && day < END_BILLING_DAY;
}
