// What Tenure knows about an account on a given day, for renewals: adoption level, active users per seat,
// onboarding milestones, usage trend, integration use (from the usage rollups and the feature catalog), the
// latest NPS answer and the owner then. Measured for many accounts at once per day.
import { activeUsersBetween, lookbackDays } from '../../core/adoption/activity.ts';
import type { FeatureDefinition } from '../../core/adoption/catalog.ts';
import { accountAdoption, type Milestones } from '../../core/adoption/metrics.ts';
import type { AdoptionLevel } from '../../core/adoption/settings.ts';
import { monthOfDay, parseDay } from '../../core/period.ts';
import type { CustomerLedger, Ledger } from '../../core/revenue/index.ts';
import { loadAccountUsage, loadFirstPaidDays, loadLicensedSeats } from '../../store/adoption.ts';
import { listFeatures } from '../../store/features.ts';
import { npsAnswers, ownerStretches } from '../../store/renewal-forecast.ts';
import { db, type ServiceContext } from '../context.ts';

/** Catalog features that make leaving costly: integrations, API, webhooks, syncs. */
const SWITCHING_FEATURE = /integration|api|webhook|sync/i;
/** The usage trend behind renewal (factor 8) compares the 13 weeks before the day with the 13 before those. */
export const TREND_DAYS = 91;

export interface AccountMeasure {
  level: AdoptionLevel | null;
  /** Active users in the adoption window ÷ licensed seats; null without seats. */
  seatUtilization: number | null;
  milestones90: Milestones | null;
  /** The adoption settings' leading indicator (active users fell by the decline threshold). */
  declining: boolean;
  /** Active users in the 13 weeks before the day ÷ those in the 13 weeks before − 1; null without earlier use. */
  usageChange: number | null;
  /** Used an integration or API feature in the adoption window; null when the catalog has none. */
  usesIntegrations: boolean | null;
}

/** What stays the same whatever the day: the catalog, first paid days, NPS answers, owner history, ledger. */
export interface MeasureBase {
  catalog: FeatureDefinition[];
  switchingKeys: Set<string>;
  hasMilestones90: boolean;
  firstPaid: Map<number, number>;
  nps: Map<number, { day: string; score: number }[]>;
  owners: Map<number, { owner: string | null; from: Date; to: Date | null }[]>;
  customers: Map<number, CustomerLedger>;
}

export async function measureBase(ctx: ServiceContext, ledger: Ledger): Promise<MeasureBase> {
  const q = db(ctx);
  const catalog = await listFeatures(q);
  const switchingKeys = new Set(
    catalog.filter((f) => SWITCHING_FEATURE.test(`${f.module} ${f.key} ${f.event}`)).map((f) => f.key),
  );
  return {
    catalog,
    switchingKeys,
    hasMilestones90: catalog.some((f) => f.milestoneDays === 90),
    firstPaid: await loadFirstPaidDays(q),
    nps: await npsAnswers(q),
    owners: await ownerStretches(q),
    customers: new Map(ledger.customers.map((c) => [Number(c.accountId), c])),
  };
}

/** The plan an account paid for in a month (or last paid before it); null when unknown. */
export function planIn(customer: CustomerLedger | undefined, month: number): string | null {
  if (!customer) return null;
  let last: string | null = null;
  for (const s of customer.history) {
    if (s.startMonth <= month && month < s.endMonth) return s.plan;
    if (s.startMonth <= month) last = s.plan;
  }
  return last;
}

/** The latest NPS score given on or before `day`, or null. */
export function npsOn(base: MeasureBase, accountId: number, day: string): number | null {
  let score: number | null = null;
  for (const a of base.nps.get(accountId) ?? []) if (a.day <= day) score = a.score;
  return score;
}

/**
 * The owner on `day`: the stretch of ownership holding it; before the first stretch (owners imported after the
 * fact), the first owner; null without any.
 */
export function ownerOn(owners: MeasureBase['owners'], accountId: number, day: string): string | null {
  const stretches = owners.get(accountId) ?? [];
  const at = new Date(`${day}T23:59:59.999Z`);
  const found = stretches.findLast((s) => s.from <= at && (s.to === null || s.to > at));
  return found ? found.owner : (stretches[0]?.owner ?? null);
}

/** Each account's measures on `day` ('YYYY-MM-DD'). */
export async function measureAccounts(
  ctx: ServiceContext,
  base: MeasureBase,
  day: string,
  accountIds: readonly number[],
): Promise<Map<number, AccountMeasure>> {
  const out = new Map<number, AccountMeasure>();
  if (accountIds.length === 0) return out;
  const q = db(ctx);
  const settings = ctx.config.adoption;
  const asOf = parseDay(day);
  const month = monthOfDay(asOf);
  const seats = await loadLicensedSeats(q, day);
  const usage = await loadAccountUsage(q, {
    asOf: day,
    windowDays: settings.windowDays,
    lookbackDays: Math.max(2 * TREND_DAYS, lookbackDays(settings, 12)),
    accountIds: [...new Set(accountIds)],
  });
  for (const id of accountIds) {
    const use = usage.get(id) ?? { users: [], features: [], firstUse: new Map<string, number>() };
    const facts = {
      accountId: id,
      plan: planIn(base.customers.get(id), month),
      licensedSeats: seats.get(id) ?? null,
      firstPaidDay: base.firstPaid.get(id) ?? null,
    };
    const a = accountAdoption({ asOf, settings, catalog: base.catalog, facts, usage: use });
    const recent = activeUsersBetween(use.users, asOf - TREND_DAYS + 1, asOf);
    const previous = activeUsersBetween(use.users, asOf - 2 * TREND_DAYS + 1, asOf - TREND_DAYS);
    // Without any usage data on that day (none imported), no level; with some, an account without use is low.
    const measured = usage.size > 0;
    if (!measured) {
      const none = { level: null, seatUtilization: null, milestones90: null, usageChange: null };
      out.set(id, { ...none, declining: false, usesIntegrations: null });
      continue;
    }
    out.set(id, {
      level: a.level,
      seatUtilization: a.seatUtilization,
      milestones90: a.milestones90,
      declining: a.trend.declining,
      usageChange: previous === 0 ? null : recent / previous - 1,
      usesIntegrations:
        base.switchingKeys.size === 0
          ? null
          : use.features.some((f) => f.events > 0 && base.switchingKeys.has(f.feature)),
    });
  }
  return out;
}
