// CSM scorecards: each owner's book per month or quarter, cut from the revenue ledger and the ownership history.
//
// Attribution rule: an account's movements in a window count to the owner who held it at the window's start, so a
// mid-year reassignment does not move last year's book. So:
//   arr, accounts         the owner at the period's end (the rows of a period add up to the company's ARR)
//   nrr_12m, grr_12m      the customers paying in the month before the trailing 12 months, grouped by their owner
//                         on the first day of those 12 months: MRR at the period's end ÷ MRR then (NRR), with each
//                         customer capped at its MRR then (GRR)
//   expansion, contraction, churn MRR, logo churn
//                         the movements in the period's months, to the owner on the period's first day
// Before an account's first recorded stretch of ownership, its first recorded owner holds it (the history starts
// when Tenure first saw an owner); after a stretch closed with nobody next, nobody does. Pure: no I/O, no clock.
import { firstDayOfMonth, lastDayOfMonth, windowsCovering, type DayNumber, type MonthIndex } from '../period.ts';
import type { CustomerLedger, Ledger } from '../revenue/ledger.ts';
import {
  addAnswer,
  addBookAccount,
  addRenewal,
  addTask,
  blankMeasures,
  finishMeasures,
  type BookInput,
  type BookMeasures,
} from './measures.ts';

export type ScorecardInterval = 'month' | 'quarter';
export const SCORECARD_INTERVALS: readonly ScorecardInterval[] = ['month', 'quarter'];

/** One stretch of ownership: `owner` is the owner's key ('' for nobody), from `from` (inclusive) to `to` (exclusive). */
export interface OwnerStretch {
  owner: string;
  from: DayNumber;
  to: DayNumber | null;
}

export interface ScorecardRow extends BookMeasures {
  period: string;
  /** The owner's key: the user's email when linked to a user, else the imported name; '' for no owner. */
  owner: string;
  accounts: number;
  arrMinor: number;
  nrr12m: number | null;
  grr12m: number | null;
  /** Start and end MRR of the NRR cohort, so every rate can be recomputed. */
  nrrStartMrrMinor: number;
  nrrEndMrrMinor: number;
  expansionMrrMinor: number;
  contractionMrrMinor: number;
  churnMrrMinor: number;
  logoChurn: number;
  newMrrMinor: number;
  /** The target for the period: the quarter's target, or a third of it for a month (rounded down); null if none. */
  expansionTargetMinor: number | null;
  /** expansion ÷ target (a fraction), null without a target. */
  attainment: number | null;
}

export interface ScorecardInput {
  ledger: Ledger;
  /** Stretches per account id, sorted by `from`. */
  ownership: ReadonlyMap<number | string, readonly OwnerStretch[]>;
  interval: ScorecardInterval;
  /** The last day counted (as-of): the last period ends there. */
  asOfDay: DayNumber;
  /** How many periods, ending with the as-of's. */
  periods: number;
  /** Expansion targets in minor units by owner key and quarter label 'YYYY-Qn'. */
  targets?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Tiers, renewals, health, answers and tasks for the book measures (measures.ts); without them those stay 0. */
  book?: BookInput;
}

/** Who held the account on `day`. */
export function ownerAt(stretches: readonly OwnerStretch[] | undefined, day: DayNumber): string {
  if (!stretches || stretches.length === 0) return '';
  let found: OwnerStretch | undefined;
  for (const s of stretches) if (s.from <= day) found = s;
  if (!found) return stretches[0]?.owner ?? '';
  if (found.to !== null && found.to <= day) return '';
  return found.owner;
}

/** The customer's MRR in `month` (0 when not paying). */
export function mrrIn(customer: CustomerLedger, month: MonthIndex): number {
  for (const span of customer.history) if (span.startMonth <= month && month < span.endMonth) return span.mrrMinor;
  return 0;
}

const planIn = (customer: CustomerLedger, month: MonthIndex) =>
  customer.history.find((s) => s.startMonth <= month && month < s.endMonth)?.plan ?? null;

const quarterOf = (month: MonthIndex) => `${Math.floor(month / 12)}-Q${Math.floor((month % 12) / 3) + 1}`;

function blankRow(period: string, owner: string): ScorecardRow {
  return {
    period,
    owner,
    accounts: 0,
    arrMinor: 0,
    nrr12m: null,
    grr12m: null,
    nrrStartMrrMinor: 0,
    nrrEndMrrMinor: 0,
    expansionMrrMinor: 0,
    contractionMrrMinor: 0,
    churnMrrMinor: 0,
    logoChurn: 0,
    newMrrMinor: 0,
    expansionTargetMinor: null,
    attainment: null,
    ...blankMeasures(),
  };
}

export interface ScorecardWindow {
  label: string;
  startMonth: MonthIndex;
  /** The period's last month counted (the ledger's last month for the running period). */
  endMonth: MonthIndex;
  startDay: DayNumber;
  /** The period's last day, or the as-of day for the running period. */
  endDay: DayNumber;
}

/** The `periods` periods ending with the one holding `lastMonth`, oldest first. */
export function scorecardWindows(
  lastMonth: MonthIndex,
  interval: ScorecardInterval,
  periods: number,
  asOfDay: DayNumber,
): ScorecardWindow[] {
  const count = Math.max(1, periods);
  const firstMonth = interval === 'month' ? lastMonth - (count - 1) : lastMonth - 3 * (count - 1);
  return windowsCovering(interval, firstMonth, lastMonth)
    .slice(-count)
    .map((w) => {
      const endMonth = Math.min(w.endMonth, lastMonth);
      return {
        label: w.label,
        startMonth: w.startMonth,
        endMonth,
        startDay: firstDayOfMonth(w.startMonth),
        endDay: Math.min(lastDayOfMonth(endMonth), asOfDay),
      };
    });
}

/** One row per owner and period, oldest period first, owners by key ('' first) within a period. */
export function scorecards(input: ScorecardInput): ScorecardRow[] {
  const { ledger, ownership, interval, asOfDay } = input;
  const out: ScorecardRow[] = [];
  for (const w of scorecardWindows(ledger.lastMonth, interval, input.periods, asOfDay)) {
    const { endMonth, endDay, startDay } = w;
    const windowStartDay = firstDayOfMonth(endMonth - 11);
    const baseMonth = endMonth - 12;
    const rows = new Map<string, ScorecardRow>();
    const row = (owner: string) => {
      let r = rows.get(owner);
      if (!r) rows.set(owner, (r = blankRow(w.label, owner)));
      return r;
    };
    for (const customer of ledger.customers) {
      const stretches = ownership.get(customer.accountId);
      const mrrEnd = mrrIn(customer, endMonth);
      if (mrrEnd > 0) {
        const r = row(ownerAt(stretches, endDay));
        r.accounts += 1;
        r.arrMinor += mrrEnd * 12;
        if (input.book) {
          const at = { accountId: Number(customer.accountId), arrMinor: mrrEnd * 12, endDay, period: w.label };
          addBookAccount(r, input.book, { ...at, plan: planIn(customer, endMonth) });
        }
      }
      const mrrBase = mrrIn(customer, baseMonth);
      if (mrrBase > 0) {
        const owner = ownerAt(stretches, windowStartDay);
        const r = row(owner);
        r.nrrStartMrrMinor += mrrBase;
        r.nrrEndMrrMinor += mrrEnd;
        r.grrKeptMrrMinor += Math.min(mrrBase, mrrEnd);
      }
      let periodOwner: string | null = null;
      for (const m of customer.movements) {
        if (m.month < w.startMonth || m.month > endMonth || m.kind === 'fx') continue;
        periodOwner ??= ownerAt(stretches, startDay);
        const r = row(periodOwner);
        if (m.kind === 'expansion') r.expansionMrrMinor += m.amountMinor;
        else if (m.kind === 'contraction') r.contractionMrrMinor += -m.amountMinor;
        else if (m.kind === 'churn') {
          r.churnMrrMinor += -m.amountMinor;
          r.logoChurn += 1;
        } else r.newMrrMinor += m.amountMinor;
      }
    }
    if (input.book) addPeriodEvents(input.book, ownership, row, startDay, endDay);
    if (input.targets) {
      const quarter = quarterOf(w.startMonth);
      for (const [owner, byQuarter] of input.targets) {
        const target = byQuarter.get(quarter);
        if (target !== undefined)
          row(owner).expansionTargetMinor = interval === 'quarter' ? target : Math.floor(target / 3);
      }
    }
    for (const r of rows.values()) {
      if (r.nrrStartMrrMinor > 0) {
        r.nrr12m = r.nrrEndMrrMinor / r.nrrStartMrrMinor;
        r.grr12m = r.grrKeptMrrMinor / r.nrrStartMrrMinor;
      }
      if (r.expansionTargetMinor !== null && r.expansionTargetMinor > 0) {
        r.attainment = r.expansionMrrMinor / r.expansionTargetMinor;
      }
      finishMeasures(r, input.book?.tiers ?? []);
    }
    out.push(...[...rows.values()].sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0)));
  }
  return out;
}

/** Renewals due and answers given in the period (to the owner on its first day); tasks (to their assignee). */
function addPeriodEvents(
  book: BookInput,
  ownership: ScorecardInput['ownership'],
  row: (owner: string) => ScorecardRow,
  startDay: DayNumber,
  endDay: DayNumber,
): void {
  const within = (day: DayNumber) => day >= startDay && day <= endDay;
  for (const r of book.renewals) {
    if (within(r.dueDay)) addRenewal(row(ownerAt(ownership.get(r.accountId), startDay)), r);
  }
  for (const a of book.answers) {
    if (within(a.day)) addAnswer(row(ownerAt(ownership.get(a.accountId), startDay)), a.score);
  }
  for (const t of book.tasks) addTask(() => row(t.assignee), t, startDay, endDay);
}
