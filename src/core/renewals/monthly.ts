// Renewals of monthly plans (subscriptions billed more often than yearly), kept apart from term contracts: such a
// plan renews every month, so over a period it is due when it was paying on the day before the period starts,
// renewed when it still pays on the period's last day, churned when its paid service ended within the period,
// and pending while the period is not over (the as-of day inside it) and it still pays on the as-of day. Its due
// amount is 12 × its MRR on the day before the period; its renewed amount 12 × its MRR on the period's last day
// (or the as-of day). Pure.
import { dayOf, firstDayOfMonth, lastDayOfMonth, monthOfDay, windowsCovering } from '../period.ts';
import { valueOn, type MonthlyPlan } from './derive.ts';
import type { RenewalInterval, RenewalRow } from './renewals.ts';

/** One row per period from the first period a plan is due in through the as-of day's, oldest first. */
export function monthlyPlanRates(plans: readonly MonthlyPlan[], interval: RenewalInterval, asOf: string): RenewalRow[] {
  const asOfDay = dayOf(asOf);
  let first = Infinity;
  for (const p of plans) for (const s of p.stretches) first = Math.min(first, s.start);
  if (first === Infinity || first > asOfDay) return [];
  // A plan is first due in the period after the one it started in.
  const windows = windowsCovering(interval, monthOfDay(first), monthOfDay(asOfDay));
  const rows: RenewalRow[] = [];
  for (const w of windows) {
    const start = firstDayOfMonth(w.startMonth);
    const last = lastDayOfMonth(w.endMonth);
    const closed = last <= asOfDay;
    const row: RenewalRow = {
      period: w.label,
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
    };
    let gross = 0;
    for (const p of plans) {
      const due = valueOn(p.stretches, start - 1);
      if (due <= 0) continue;
      row.due++;
      const atEnd = valueOn(p.stretches, closed ? last : asOfDay);
      if (atEnd > 0 && !closed) {
        row.pending++;
        continue;
      }
      row.dueAmountMinor += 12 * due;
      if (atEnd > 0) {
        row.renewed++;
        row.renewedAmountMinor += 12 * atEnd;
        gross += 12 * Math.min(atEnd, due);
      } else {
        row.churned++;
      }
    }
    const decided = row.renewed + row.churned;
    row.renewalRate = decided === 0 ? null : row.renewed / decided;
    if (row.dueAmountMinor > 0) {
      row.grossAmountRate = gross / row.dueAmountMinor;
      row.netAmountRate = row.renewedAmountMinor / row.dueAmountMinor;
    }
    rows.push(row);
  }
  // Leading periods where nothing was due yet (the first plans started in them) say nothing: dropped.
  while (rows.length > 0 && rows[0]?.due === 0) rows.shift();
  return rows;
}
