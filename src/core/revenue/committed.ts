// Committed ARR: what the book is contracted to bill a year from now, as known on asOf.
//
// ARR               = 12 × MRR in force on asOf (the ledger's MRR of asOf's month).
// Scheduled churn   = subscriptions paying on asOf whose end is already set for a later day: a Stripe
//                     subscription's cancel_at (cancel at period end, or on a date), or the end of the last
//                     period of a subscription given as periods. Listed by that day, at their MRR on asOf.
// Future starts     = subscriptions signed before asOf whose paid service starts after it (not trials):
//                     their MRR on the day they start.
// Committed ARR     = ARR − 12 × scheduled churn + 12 × future starts.
// A renewal that bills a new invoice is not a scheduled end; only a cancellation already made is.
import { dayOf, formatDay, type DayNumber } from '../period.ts';
import { normalizeRecords, type BillingRecords } from './index.ts';
import type { ServiceStretch } from './normalize.ts';
import type { AccountId, ResolvedSettings } from './types.ts';

export interface ScheduledChange {
  /** 'YYYY-MM-DD': the day the subscription stops (churn) or starts paying (future start). */
  date: string;
  accountId: AccountId;
  subscriptionId: string;
  mrrMinor: number;
  arrMinor: number;
}

export interface CommittedArr {
  asOf: string;
  arrMinor: number;
  /** ARR of the scheduled cancellations (a positive amount, taken off). */
  scheduledChurnArrMinor: number;
  futureStartsArrMinor: number;
  committedArrMinor: number;
  /** By date, then account. */
  scheduledChurn: ScheduledChange[];
  futureStarts: ScheduledChange[];
}

interface Collected {
  accountId: AccountId;
  subscriptionId: string;
  start: DayNumber;
  end: DayNumber | null;
  valueMinor: number;
}

/** The day each subscription is already set to end after asOf (see the definitions above). */
function scheduledEnds(records: BillingRecords, asOfDay: DayNumber): Map<string, DayNumber> {
  const ends = new Map<string, DayNumber>();
  for (const s of records.subscriptions ?? []) {
    if (s.endedAt !== null || s.cancelAt === null || s.status === 'canceled') continue;
    const day = dayOf(s.cancelAt);
    if (day > asOfDay) ends.set(s.id, day);
  }
  const open = new Set<string>();
  const last = new Map<string, DayNumber>();
  for (const p of records.periods ?? []) {
    if (p.endOn === null) open.add(p.subscriptionId);
    else last.set(p.subscriptionId, Math.max(last.get(p.subscriptionId) ?? -Infinity, dayOf(p.endOn)));
  }
  for (const [id, day] of last) if (!open.has(id) && day > asOfDay) ends.set(id, day);
  return ends;
}

const byDateThenAccount = (a: ScheduledChange, b: ScheduledChange) =>
  a.date.localeCompare(b.date) || String(a.accountId).localeCompare(String(b.accountId));

/** Committed ARR on settings' asOf, from the same billing records (and account map) as the ledger. */
export function committedArr(records: BillingRecords, settings: ResolvedSettings): CommittedArr {
  const asOfDay = settings.asOfDay;
  const collected: Collected[] = [];
  const map = records.accountMap;
  normalizeRecords(records, settings, (s: ServiceStretch, valueMinor: number) => {
    const accountId = map?.get(s.accountId) ?? s.accountId;
    collected.push({ accountId, subscriptionId: s.subscriptionId ?? '', start: s.start, end: s.end, valueMinor });
  });
  const inForce = (c: Collected) => c.start <= asOfDay && (c.end === null || c.end > asOfDay);
  const perAccount = new Map<AccountId, number>();
  const perSubscription = new Map<string, { accountId: AccountId; now: number; first: DayNumber; atFirst: number }>();
  for (const c of collected) {
    if (inForce(c)) perAccount.set(c.accountId, (perAccount.get(c.accountId) ?? 0) + c.valueMinor);
    if (c.subscriptionId === '') continue;
    const key = `${String(c.accountId)}\u0000${c.subscriptionId}`;
    const sub = perSubscription.get(key) ?? { accountId: c.accountId, now: 0, first: Infinity, atFirst: 0 };
    if (inForce(c)) sub.now += c.valueMinor;
    if (c.start < sub.first) [sub.first, sub.atFirst] = [c.start, c.valueMinor];
    else if (c.start === sub.first) sub.atFirst += c.valueMinor;
    perSubscription.set(key, sub);
  }
  let mrr = 0;
  for (const value of perAccount.values()) mrr += Math.max(0, value);
  const ends = scheduledEnds(records, asOfDay);
  const trials = new Set((records.subscriptions ?? []).filter((s) => s.status === 'trialing').map((s) => s.id));
  const scheduledChurn: ScheduledChange[] = [];
  const futureStarts: ScheduledChange[] = [];
  for (const [key, sub] of perSubscription) {
    const subscriptionId = key.slice(key.indexOf('\u0000') + 1);
    const end = ends.get(subscriptionId);
    const change = (date: DayNumber, mrrMinor: number) => ({
      date: formatDay(date),
      accountId: sub.accountId,
      subscriptionId,
      mrrMinor,
      arrMinor: 12 * mrrMinor,
    });
    if (end !== undefined && sub.now > 0) scheduledChurn.push(change(end, sub.now));
    if (sub.first > asOfDay && sub.atFirst > 0 && !trials.has(subscriptionId)) {
      futureStarts.push(change(sub.first, sub.atFirst));
    }
  }
  const total = (list: readonly ScheduledChange[]) => list.reduce((sum, c) => sum + c.arrMinor, 0);
  const arrMinor = 12 * mrr;
  const scheduledChurnArrMinor = total(scheduledChurn);
  const futureStartsArrMinor = total(futureStarts);
  return {
    asOf: formatDay(asOfDay),
    arrMinor,
    scheduledChurnArrMinor,
    futureStartsArrMinor,
    committedArrMinor: arrMinor - scheduledChurnArrMinor + futureStartsArrMinor,
    scheduledChurn: scheduledChurn.sort(byDateThenAccount),
    futureStarts: futureStarts.sort(byDateThenAccount),
  };
}
