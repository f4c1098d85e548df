// Renewals of term contracts: which contract renewed, churned, is pending or excluded, and the rates by count and
// amount per period. Pure: contracts, FX table, settings and the as-of day in; outcomes and rows out.
import { convertOn, type FxTable } from '../fx.ts';
import { dayOf, monthOfDay, windowContaining, type DayNumber, type MonthIndex } from '../period.ts';

export interface Contract {
  contractId: string;
  accountId: number;
  /** First day, 'YYYY-MM-DD'. */
  startDate: string;
  /** Exclusive end, 'YYYY-MM-DD': the day the renewal is due. */
  endDate: string;
  arrMinor: number;
  currency: string;
  exclusionReason: string | null;
}

export interface RenewalSettings {
  /** A renewal contract may start this many days before the due day (early renewal). */
  earlyDays: number;
  /** ... or this many days after it (late renewal within the grace); after that, with none, it churned. */
  graceDays: number;
}

export type RenewalStatus = 'renewed' | 'churned' | 'pending' | 'excluded';

export interface RenewalOutcome {
  contractId: string;
  accountId: number;
  dueDate: string;
  status: RenewalStatus;
  /** The due contract's ARR in the reporting currency at the due day. */
  dueArrMinor: number;
  /** Its share of the renewal contracts' ARR, in the reporting currency at the due day (0 unless renewed). */
  renewedArrMinor: number;
  /** The contracts that renewed it. */
  renewedBy: string[];
}

/**
 * Every contract is a renewal due on its end day. Renewal contracts of a due one: the same account's other
 * contracts that start within [due − earlyDays, due + graceDays] and end after the due day. A renewal contract
 * that qualifies for several due contracts not excluded (co-terming) renews each of them, and its ARR is shared
 * among them in proportion to their due ARR (equally when all are 0), so no amount is counted twice.
 */
export function renewalOutcomes(
  contracts: readonly Contract[],
  fx: FxTable,
  settings: RenewalSettings,
  asOf: string,
): RenewalOutcome[] {
  const asOfDay = dayOf(asOf);
  const byAccount = new Map<number, Contract[]>();
  for (const c of contracts) {
    const list = byAccount.get(c.accountId);
    if (list) list.push(c);
    else byAccount.set(c.accountId, [c]);
  }
  const due = new Map<string, { day: DayNumber; dueArr: number; successors: Contract[] }>();
  for (const c of contracts) {
    const day = dayOf(c.endDate);
    const successors = (byAccount.get(c.accountId) ?? []).filter((s) => {
      if (s.contractId === c.contractId) return false;
      const start = dayOf(s.startDate);
      return start >= day - settings.earlyDays && start <= day + settings.graceDays && dayOf(s.endDate) > day;
    });
    due.set(c.contractId, { day, dueArr: convertOn(fx, c.arrMinor, c.currency, day), successors });
  }
  // For each renewal contract, the due contracts (not excluded) it renews, to share its ARR among them.
  const renews = new Map<string, Contract[]>();
  for (const c of contracts) {
    if (c.exclusionReason !== null) continue;
    for (const s of due.get(c.contractId)?.successors ?? []) {
      const list = renews.get(s.contractId);
      if (list) list.push(c);
      else renews.set(s.contractId, [c]);
    }
  }
  return contracts.map((c) => {
    const { day, dueArr, successors } = due.get(c.contractId) ?? { day: 0, dueArr: 0, successors: [] };
    const base = { contractId: c.contractId, accountId: c.accountId, dueDate: c.endDate, dueArrMinor: dueArr };
    const renewedBy = successors.map((s) => s.contractId);
    if (c.exclusionReason !== null) return { ...base, status: 'excluded', renewedArrMinor: 0, renewedBy };
    if (successors.length === 0) {
      const status = asOfDay > day + settings.graceDays ? 'churned' : 'pending';
      return { ...base, status, renewedArrMinor: 0, renewedBy };
    }
    let renewed = 0;
    for (const s of successors) {
      const sharers = renews.get(s.contractId) ?? [c];
      const weights = sharers.map((d) => due.get(d.contractId)?.dueArr ?? 0);
      const total = weights.reduce((a, b) => a + b, 0);
      const share = total > 0 ? dueArr / total : 1 / sharers.length;
      renewed += convertOn(fx, s.arrMinor, s.currency, day) * share;
    }
    return { ...base, status: 'renewed', renewedArrMinor: Math.round(renewed), renewedBy };
  });
}

export type RenewalInterval = 'month' | 'quarter' | 'year';

export interface RenewalRow {
  /** 'YYYY-MM', 'YYYY-Qn' or 'YYYY': the period containing the due day. */
  period: string;
  /** Every renewal due in the period, excluded and pending ones too. */
  due: number;
  renewed: number;
  churned: number;
  excluded: number;
  pending: number;
  /** renewed ÷ (renewed + churned); null when both are 0. */
  renewalRate: number | null;
  /** The amount base: due ARR of the renewed and churned renewals. */
  dueAmountMinor: number;
  /** Renewed ARR of the renewed ones. */
  renewedAmountMinor: number;
  /** Σ min(renewed, due ARR) ÷ base; null when the base is 0. */
  grossAmountRate: number | null;
  /** Σ renewed ÷ base; null when the base is 0. */
  netAmountRate: number | null;
}

const emptyRow = (period: string): RenewalRow => ({
  period,
  due: 0,
  renewed: 0,
  churned: 0,
  excluded: 0,
  pending: 0,
  renewalRate: null,
  dueAmountMinor: 0,
  renewedAmountMinor: 0,
  grossAmountRate: null,
  netAmountRate: null,
});

/** The months of the first and the last due day, or null without renewals. */
function dueSpan(outcomes: readonly RenewalOutcome[]): { first: MonthIndex; last: MonthIndex } | null {
  if (outcomes.length === 0) return null;
  // A loop, not Math.min(...months): spreading hundreds of thousands of arguments overflows the stack.
  let [first, last] = [Infinity, -Infinity];
  for (const o of outcomes) {
    const month = monthOfDay(dayOf(o.dueDate));
    if (month < first) first = month;
    if (month > last) last = month;
  }
  return { first, last };
}

/**
 * One row per period from the first due day's to the last's (or over `span`), periods without renewals too,
 * oldest first.
 */
export function renewalRates(
  outcomes: readonly RenewalOutcome[],
  interval: RenewalInterval,
  span = dueSpan(outcomes),
): RenewalRow[] {
  if (span === null) return [];
  const months = outcomes.map((o) => monthOfDay(dayOf(o.dueDate)));
  const rows: RenewalRow[] = [];
  const index = new Map<string, RenewalRow>();
  let month = span.first;
  const last = span.last;
  while (month <= last) {
    const window = windowContaining(interval, month);
    const row = emptyRow(window.label);
    rows.push(row);
    index.set(window.label, row);
    month = window.endMonth + 1;
  }
  const gross = new Map<RenewalRow, number>();
  outcomes.forEach((o, i) => {
    const row = index.get(windowContaining(interval, months[i] ?? 0).label);
    if (!row) return;
    row.due++;
    row[o.status]++;
    if (o.status === 'renewed' || o.status === 'churned') {
      row.dueAmountMinor += o.dueArrMinor;
      row.renewedAmountMinor += o.renewedArrMinor;
      gross.set(row, (gross.get(row) ?? 0) + Math.min(o.renewedArrMinor, o.dueArrMinor));
    }
  });
  for (const row of rows) {
    const decided = row.renewed + row.churned;
    row.renewalRate = decided === 0 ? null : row.renewed / decided;
    if (row.dueAmountMinor > 0) {
      row.grossAmountRate = (gross.get(row) ?? 0) / row.dueAmountMinor;
      row.netAmountRate = row.renewedAmountMinor / row.dueAmountMinor;
    }
  }
  return rows;
}

export type GroupedRenewalRow = RenewalRow & { group: string };

/**
 * The rates per group (`groupOf` names the group of an account, or of one renewal of it, e.g. its owner on the due
 * day), each over the same periods; groups sorted.
 */
export function renewalRatesBy(
  outcomes: readonly RenewalOutcome[],
  interval: RenewalInterval,
  groupOf: (accountId: number, outcome: RenewalOutcome) => string,
): GroupedRenewalRow[] {
  const span = dueSpan(outcomes);
  const groups = new Map<string, RenewalOutcome[]>();
  for (const o of outcomes) {
    const group = groupOf(o.accountId, o);
    const list = groups.get(group);
    if (list) list.push(o);
    else groups.set(group, [o]);
  }
  const names = [...groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.flatMap((group) =>
    renewalRates(groups.get(group) ?? [], interval, span).map((row) => ({ group, ...row })),
  );
}
