// Adoption reports: one row per paying account, by segment, by feature, one account's usage, and revenue
// outcomes (NRR, GRR, logo churn, renewal) by the adoption level measured twelve months earlier.
import type {
  AccountUsage as AccountUsageReport,
  AdoptionReport,
  AdoptionRetention,
  AdoptionSegments,
  FeatureAdoption,
} from '../contract/adoption.ts';
import { activeUsersBetween, lookbackDays } from '../core/adoption/activity.ts';
import { includedInPlan, UNCATALOGED_PREFIX, type FeatureDefinition } from '../core/adoption/catalog.ts';
import { accountAdoption, type AccountAdoption, type AccountUsage } from '../core/adoption/metrics.ts';
import {
  adoptionByGroup,
  mrrInMonth,
  outcomeOf,
  retentionByLevel,
  type RetentionByLevel,
} from '../core/adoption/segments.ts';
import type { AdoptionSettings } from '../core/adoption/settings.ts';
import { addMonthsToDay, formatDay, monthKey, monthOfDay, parseDay, type DayNumber } from '../core/period.ts';
import { signupCohorts, type CustomerLedger, type Ledger } from '../core/revenue/index.ts';
import { loadAccountUsage, loadFirstPaidDays, loadLicensedSeats } from '../store/adoption.ts';
import { listFeatures } from '../store/features.ts';
import { accountProfiles, profileValue, type SegmentFilters } from './account-directory.ts';
import type { ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';
import { memoized } from './report-cache.ts';
import type { Dimension } from './revenue-reports.ts';
import { currentLedger } from './revenue.ts';

/** Filters every adoption report accepts, one value each ('(none)' for none), as the revenue reports. */
export type AdoptionFilters = SegmentFilters;

export interface AdoptionQuery {
  ctx: ServiceContext;
  asOf: string;
  windowDays?: number | undefined;
  filters?: AdoptionFilters | undefined;
}

/** One account's adoption with its profile; days as 'YYYY-MM-DD'. */
export interface AdoptionRow
  extends Omit<AccountAdoption, 'asOf' | 'windowStart' | 'firstPaidDay' | 'firstValueDay'>, AccountAttributes {
  asOf: string;
  windowStart: string;
  firstPaidDay: string | null;
  firstValueDay: string | null;
  mrrMinor: number;
}

export interface Computed {
  settings: AdoptionSettings;
  catalog: FeatureDefinition[];
  ledger: Ledger;
  rows: AdoptionRow[];
  usage: Map<number, AccountUsage>;
}

const EMPTY_USAGE: AccountUsage = { users: [], features: [], firstUse: new Map() };

export function adoptionSettings(ctx: ServiceContext, windowDays: number | undefined): AdoptionSettings {
  const settings = ctx.config.adoption;
  if (windowDays === undefined) return settings;
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 366) {
    throw new UsageError(`--window-days must be a whole number of days from 1 to 366, found "${windowDays}"`);
  }
  return { ...settings, windowDays };
}

function planIn(customer: CustomerLedger, month: number): string | null {
  for (const s of customer.history) if (s.startMonth <= month && month < s.endMonth) return s.plan;
  return customer.history.at(-1)?.plan ?? null;
}

/** Who an account is, as adoption rows show it (ICP fit as 'icp' / 'non-icp'). */
export interface AccountAttributes {
  id: number;
  externalId: string;
  name: string;
  industry: string | null;
  sizeBand: string | null;
  segment: string | null;
  icpFit: 'icp' | 'non-icp' | null;
  ownerCsm: string | null;
}

/** From the account profiles the revenue reports use (kept per data version in a server). */
async function accountAttributes(ctx: ServiceContext): Promise<Map<number, AccountAttributes>> {
  const profiles = await accountProfiles(ctx);
  return new Map(
    [...profiles.values()].map((p) => [
      p.id,
      {
        id: p.id,
        externalId: p.externalId,
        name: p.name,
        industry: p.industry,
        sizeBand: p.sizeBand,
        segment: p.segment,
        icpFit: profileValue(p, 'icp_fit') as AccountAttributes['icpFit'],
        ownerCsm: p.ownerCsm,
      },
    ]),
  );
}

function matches(attrs: AccountAttributes, plan: string | null, f: AdoptionFilters): boolean {
  const is = (value: string | null, wanted: string | undefined) =>
    wanted === undefined || (value ?? '(none)') === wanted;
  return (
    is(attrs.industry, f.industry) &&
    is(attrs.sizeBand, f.size_band) &&
    is(attrs.segment, f.segment) &&
    is(attrs.icpFit, f.icp_fit) &&
    is(attrs.ownerCsm, f.owner_csm) &&
    is(plan, f.plan)
  );
}

const dayText = (day: DayNumber | null) => (day === null ? null : formatDay(day));

/**
 * Adoption of every account paying in asOf's month (or the given customers), measured on `asOf`. A server
 * keeps the whole book's answer per usage, revenue and accounts data version.
 */
export async function computeAdoption(
  ctx: ServiceContext,
  asOf: string,
  settings: AdoptionSettings,
  filters: AdoptionFilters,
  ledger: Ledger,
  customers?: readonly CustomerLedger[],
): Promise<Computed> {
  if (customers !== undefined) return computeAdoptionNow(ctx, asOf, settings, filters, ledger, customers);
  return memoized(
    ctx,
    `adoption|${JSON.stringify([asOf, settings, filters])}`,
    () => computeAdoptionNow(ctx, asOf, settings, filters, ledger),
    ['usage', 'revenue', 'fx', 'plans', 'accounts'],
  );
}

async function computeAdoptionNow(
  ctx: ServiceContext,
  asOf: string,
  settings: AdoptionSettings,
  filters: AdoptionFilters,
  ledger: Ledger,
  customers?: readonly CustomerLedger[],
): Promise<Computed> {
  const asOfDay = parseDay(asOf);
  const month = monthOfDay(asOfDay);
  const paying = customers ?? ledger.customers.filter((c) => mrrInMonth(c, month) > 0);
  const accountIds = paying.length <= 1000 ? paying.map((c) => Number(c.accountId)) : null;
  const [catalog, attributes, seats, firstPaid, usage] = [
    await listFeatures(ctx.store),
    await accountAttributes(ctx),
    await loadLicensedSeats(ctx.store, asOf),
    await loadFirstPaidDays(ctx.store),
    await loadAccountUsage(ctx.store, {
      asOf,
      windowDays: settings.windowDays,
      lookbackDays: lookbackDays(settings, 12),
      accountIds,
    }),
  ];
  const rows: AdoptionRow[] = [];
  for (const customer of paying) {
    const id = Number(customer.accountId);
    const attrs = attributes.get(id);
    const plan = planIn(customer, month);
    if (!attrs || !matches(attrs, plan, filters)) continue;
    const facts = {
      accountId: id,
      plan,
      licensedSeats: seats.get(id) ?? null,
      firstPaidDay: firstPaid.get(id) ?? null,
    };
    const a = accountAdoption({ asOf: asOfDay, settings, catalog, facts, usage: usage.get(id) ?? EMPTY_USAGE });
    rows.push({
      ...a,
      ...attrs,
      asOf,
      windowStart: formatDay(a.windowStart),
      firstPaidDay: dayText(a.firstPaidDay),
      firstValueDay: dayText(a.firstValueDay),
      mrrMinor: mrrInMonth(customer, month),
    });
  }
  rows.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
  return { settings, catalog, ledger, rows, usage };
}

/** One row per account paying on `asOf` (matching the filters). */
export async function adoptionReport({ ctx, asOf, windowDays, filters = {} }: AdoptionQuery): Promise<AdoptionReport> {
  const settings = adoptionSettings(ctx, windowDays);
  const ledger = await currentLedger({ ctx, asOf });
  const { rows } = await computeAdoption(ctx, asOf, settings, filters, ledger);
  return { asOf, settings, rows };
}

export function groupValue(
  row: AdoptionRow,
  by: Dimension,
  cohorts: Map<string | number, string | null>,
): string | null {
  switch (by) {
    case 'industry':
      return row.industry;
    case 'size_band':
      return row.sizeBand;
    case 'segment':
      return row.segment;
    case 'icp_fit':
      return row.icpFit;
    case 'plan':
      return row.plan;
    case 'owner_csm':
      return row.ownerCsm;
    case 'cohort':
      return cohorts.get(row.id) ?? null;
  }
}

/** Adoption per group of a dimension (the plan paid on asOf for `plan`, the signup month for `cohort`). */
export async function adoptionBySegment({
  ctx,
  asOf,
  windowDays,
  filters = {},
  by,
}: AdoptionQuery & { by: Dimension }): Promise<AdoptionSegments> {
  const settings = adoptionSettings(ctx, windowDays);
  const ledger = await currentLedger({ ctx, asOf });
  const { rows } = await computeAdoption(ctx, asOf, settings, filters, ledger);
  const cohorts = by === 'cohort' ? signupCohorts(ledger) : new Map<string | number, string | null>();
  const groups = adoptionByGroup(rows, (row) => groupValue(row, by, cohorts));
  return { asOf, by, groups };
}

export interface FeatureAdoptionRow {
  key: string;
  name: string;
  module: string;
  /** Paying accounts whose plan includes the feature, and how many of them used it in the window. */
  accountsIncluded: number;
  accountsUsing: number;
  /** accountsUsing ÷ accountsIncluded. */
  usageRate: number | null;
  /** Accounts using it although their plan does not include it. */
  accountsUsingOutsidePlan: number;
  users: number;
  events: number;
}

/** Feature usage rate by feature over the computed accounts. */
export function featureRows({ rows, catalog, usage }: Pick<Computed, 'rows' | 'catalog' | 'usage'>) {
  return catalog.map((f): FeatureAdoptionRow => {
    const out = { key: f.key, name: f.name, module: f.module, accountsIncluded: 0, accountsUsing: 0 };
    let outside = 0;
    let users = 0;
    let events = 0;
    for (const row of rows) {
      const use = usage.get(row.id)?.features.find((u) => u.feature === f.key);
      const included = includedInPlan(f, row.plan);
      if (included) out.accountsIncluded++;
      if (!use) continue;
      if (included) out.accountsUsing++;
      else outside++;
      users += use.users;
      events += use.events;
    }
    const usageRate = out.accountsIncluded === 0 ? null : out.accountsUsing / out.accountsIncluded;
    return { ...out, usageRate, accountsUsingOutsidePlan: outside, users, events };
  });
}

/** Feature usage rate by feature: of the accounts whose plan includes it, the share that used it. */
export async function featureAdoption({
  ctx,
  asOf,
  windowDays,
  filters = {},
}: AdoptionQuery): Promise<FeatureAdoption> {
  const settings = adoptionSettings(ctx, windowDays);
  const ledger = await currentLedger({ ctx, asOf });
  const computed = await computeAdoption(ctx, asOf, settings, filters, ledger);
  const features = featureRows(computed);
  return { asOf, windowDays: settings.windowDays, accounts: computed.rows.length, features };
}

/** One account's adoption with each catalog feature used or not, and the uncatalogued events it sends. */
export async function accountUsage({
  ctx,
  accountId,
  asOf,
  windowDays,
}: {
  ctx: ServiceContext;
  accountId: number;
  asOf: string;
  windowDays?: number | undefined;
}): Promise<AccountUsageReport> {
  const settings = adoptionSettings(ctx, windowDays);
  const ledger = await currentLedger({ ctx, asOf, accountIds: [accountId] });
  const [exists] = await ctx.store.query(`SELECT 1 FROM accounts WHERE id = $1`, [accountId]);
  if (!exists) throw new UsageError(`no account with id ${accountId}`);
  const customer = ledger.customers.find((c) => Number(c.accountId) === accountId) ?? {
    accountId,
    history: [],
    movements: [],
  };
  const { rows, catalog, usage } = await computeAdoption(ctx, asOf, settings, {}, ledger, [customer]);
  const row = rows[0];
  if (!row) throw new UsageError(`no account with id ${accountId}`);
  const use = usage.get(accountId) ?? EMPTY_USAGE;
  const features = catalog.map((f) => {
    const u = use.features.find((x) => x.feature === f.key);
    const first = use.firstUse.get(f.key);
    return {
      key: f.key,
      name: f.name,
      module: f.module,
      included: includedInPlan(f, row.plan),
      used: u !== undefined,
      users: u?.users ?? 0,
      events: u?.events ?? 0,
      firstUsed: first === undefined ? null : formatDay(first),
    };
  });
  const uncataloged = use.features
    .filter((u) => u.feature.startsWith(UNCATALOGED_PREFIX))
    .map((u) => ({ event: u.feature.slice(UNCATALOGED_PREFIX.length), users: u.users, events: u.events }));
  // Users active each day over the weeks of the weekly series, oldest first (the last day is asOf).
  const days = 7 * row.weeklyActiveUsers.length;
  const last = parseDay(asOf);
  const dailyActiveUsers = Array.from({ length: days }, (_, i) => {
    const day = last - days + 1 + i;
    return activeUsersBetween(use.users, day, day);
  });
  return { account: row, paying: row.mrrMinor > 0, features, uncataloged, dailyActiveUsers };
}

/**
 * Revenue outcomes by adoption level: customers paying twelve months before asOf, grouped by their adoption
 * level measured then (asOf minus 12 months), and their NRR, GRR, logo churn and renewal over those months.
 */
export async function adoptionVsRetention({
  ctx,
  asOf,
  windowDays,
  filters = {},
}: AdoptionQuery): Promise<AdoptionRetention> {
  const settings = adoptionSettings(ctx, windowDays);
  const ledger = await currentLedger({ ctx, asOf });
  const startDay = addMonthsToDay(parseDay(asOf), -12);
  const startMonth = monthOfDay(startDay);
  const endMonth = ledger.lastMonth;
  const { rows } = await computeAdoption(ctx, formatDay(startDay), settings, filters, ledger);
  const byId = new Map(ledger.customers.map((c) => [Number(c.accountId), c]));
  const outcomes = rows.flatMap((r) => {
    const customer = byId.get(r.id);
    return customer ? [outcomeOf(customer, r.level, startMonth, endMonth)] : [];
  });
  const levels: RetentionByLevel[] = retentionByLevel(outcomes);
  return {
    asOf,
    measuredAt: formatDay(startDay),
    from: monthKey(startMonth),
    to: monthKey(endMonth),
    windowDays: settings.windowDays,
    levels,
  };
}
