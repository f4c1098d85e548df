// The renewal calendar: renewals due in the next days with the ARR at stake, owner, adoption level, latest NPS,
// health (score, band, churn risk) and forecast category; and one account's renewals for its page.
import type { AccountRenewals, CalendarItem, RenewalCalendar } from '../../contract/renewals.ts';
import { dayOf } from '../../core/period.ts';
import { listContracts } from '../../store/contracts.ts';
import { nextContractEnds } from '../../store/renewal-forecast.ts';
import { accountProfiles } from '../account-directory.ts';
import { healthBriefs } from '../health/calendar-health.ts';
import { db, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { currentLedger } from '../revenue.ts';
import { evaluateRenewals, outcomesOn, plusDays, type EvaluatedRenewal } from './evaluate.ts';
import { scheduledCancellations } from './forecast.ts';
import { measureBase, ownerOn } from './signals.ts';

export const CALENDAR_WINDOWS = [30, 90, 180] as const;

function calendarItem(r: EvaluatedRenewal, asOf: string, name: string, owner: string | null): CalendarItem {
  const set = r.ownerCategory;
  return {
    contractId: r.contractId,
    accountId: r.accountId,
    accountName: name,
    dueDate: r.dueDate,
    daysLeft: dayOf(r.dueDate) - dayOf(asOf),
    status: r.status,
    arrAtStakeMinor: r.dueArrMinor,
    renewedArrMinor: r.renewedArrMinor,
    autoRenew: r.autoRenew,
    noticeDays: r.noticeDays,
    owner,
    adoptionLevel: r.measure?.level ?? null,
    nps: r.npsScore,
    health: null,
    healthBand: null,
    churnRisk: null,
    category: r.category,
    categorySource: r.categorySource,
    proposedCategory: r.proposed.category,
    reasons: r.proposed.reasons,
    ownerCategory: set
      ? { category: set.category, note: set.note, setBy: set.setByLabel, setAt: set.setAt.toISOString() }
      : null,
    probability: r.probability,
    expectedMinor: r.expectedMinor,
  };
}

async function evaluateBetween(
  ctx: ServiceContext,
  asOf: string,
  select: Parameters<typeof evaluateRenewals>[1]['select'],
) {
  const ledger = await currentLedger({ ctx, asOf });
  const base = await measureBase(ctx, ledger);
  const cancellations = await scheduledCancellations(ctx, asOf);
  const { renewals } = await evaluateRenewals(ctx, { day: asOf, base, select, cancellations });
  const profiles = await accountProfiles(ctx);
  const health = await healthBriefs(
    ctx,
    renewals.map((r) => r.accountId),
    asOf,
  );
  return renewals.map((r) => ({
    ...calendarItem(
      r,
      asOf,
      profiles.get(r.accountId)?.name ?? String(r.accountId),
      ownerOn(base.owners, r.accountId, asOf),
    ),
    ...health.get(r.accountId),
  }));
}

/** Renewals due after asOf and within `days` (not excluded), soonest first; totals for the next 30, 90, 180 days. */
export async function renewalCalendar({
  ctx,
  asOf,
  days,
}: {
  ctx: ServiceContext;
  asOf: string;
  days: number;
}): Promise<RenewalCalendar> {
  if (!Number.isInteger(days) || days < 1 || days > 730) {
    throw new UsageError(`--days must be a whole number of days from 1 to 730, found "${days}"`);
  }
  const horizon = Math.max(days, ...CALENDAR_WINDOWS);
  const until = plusDays(asOf, horizon);
  const all = await evaluateBetween(ctx, asOf, (o) => o.dueDate > asOf && o.dueDate <= until);
  all.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.contractId < b.contractId ? -1 : 1));
  const windows = CALENDAR_WINDOWS.map((w) => {
    const inside = all.filter((i) => i.daysLeft <= w);
    return { days: w, renewals: inside.length, arrAtStakeMinor: inside.reduce((a, i) => a + i.arrAtStakeMinor, 0) };
  });
  const items = all.filter((i) => i.daysLeft <= days);
  return { currency: ctx.config.reportingCurrency, asOf, days, windows, items };
}

/** The page with each account's next renewal date (the first contract end after asOf; null without one). */
export async function withNextRenewals<T extends { id: number }>(
  ctx: ServiceContext,
  page: { total: number; items: T[] },
  asOf: string,
): Promise<{ total: number; items: (T & { nextRenewalOn: string | null })[] }> {
  const next = await nextContractEnds(
    db(ctx),
    asOf,
    page.items.map((i) => i.id),
  );
  return { ...page, items: page.items.map((i) => ({ ...i, nextRenewalOn: next.get(i.id) ?? null })) };
}

/** One account's contracts with their renewal outcomes, and its next renewal as the calendar shows it. */
export async function accountRenewals({
  ctx,
  accountId,
  asOf,
}: {
  ctx: ServiceContext;
  accountId: number;
  asOf: string;
}): Promise<AccountRenewals> {
  const [exists] = await db(ctx).query(`SELECT 1 FROM accounts WHERE id = $1`, [accountId]);
  if (!exists) throw new UsageError(`no account with id ${accountId}`);
  const contracts = (await listContracts(db(ctx))).filter((c) => c.accountId === accountId);
  const starts = new Map(contracts.map((c) => [c.contractId, c]));
  const outcomes = (await outcomesOn(ctx, asOf)).filter((o) => starts.has(o.contractId));
  const upcoming = outcomes
    .filter((o) => o.status !== 'excluded' && o.dueDate > asOf)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1))[0];
  const next = upcoming
    ? ((await evaluateBetween(ctx, asOf, (o) => o.contractId === upcoming.contractId))[0] ?? null)
    : null;
  return {
    currency: ctx.config.reportingCurrency,
    asOf,
    accountId,
    next,
    contracts: outcomes
      .map((o) => ({
        contractId: o.contractId,
        startDate: starts.get(o.contractId)?.startDate ?? o.dueDate,
        dueDate: o.dueDate,
        status: o.status,
        dueArrMinor: o.dueArrMinor,
        renewedArrMinor: o.renewedArrMinor,
        renewedBy: o.renewedBy,
        exclusionReason: starts.get(o.contractId)?.exclusionReason ?? null,
      }))
      .sort((a, b) => (a.dueDate > b.dueDate ? -1 : 1)),
  };
}
