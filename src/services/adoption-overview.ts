// The dashboard's adoption overview in one pass: the level distribution (accounts and MRR), the adoption of
// each group of a dimension, feature usage rates, and the accounts flagged for usage decline or expansion.
// Reading usage is the expensive part of every adoption report, so the page asks once, not four times.
import type { AdoptionOverview as AdoptionOverviewReport } from '../contract/adoption.ts';
import { ADOPTION_LEVELS, type AdoptionLevel } from '../core/adoption/settings.ts';
import { adoptionByGroup, summarizeGroup } from '../core/adoption/segments.ts';
import { signupCohorts } from '../core/revenue/index.ts';
import {
  adoptionSettings,
  computeAdoption,
  featureRows,
  groupValue,
  type AdoptionQuery,
  type AdoptionRow,
} from './adoption.ts';
import type { Dimension } from './revenue-reports.ts';
import { currentLedger } from './revenue.ts';

export interface LevelShare {
  level: AdoptionLevel | 'unknown';
  accounts: number;
  /** MRR on the as-of day, reporting-currency minor units. */
  mrrMinor: number;
  /** Of all the accounts measured (and of their MRR); null when there are none. */
  accountShare: number | null;
  mrrShare: number | null;
}

/** An account row without its per-module detail, for the flagged lists. */
export type FlaggedAccount = Omit<AdoptionRow, 'modules'>;

/** settings: the thresholds the levels and flags were computed with; summary: every measured account together. */
export type AdoptionOverview = AdoptionOverviewReport;

/** Low, mid, high, then unknown when some account has no level. */
export function levelShares(rows: readonly Pick<AdoptionRow, 'level' | 'mrrMinor'>[]): LevelShare[] {
  const totalMrr = rows.reduce((a, r) => a + r.mrrMinor, 0);
  const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  const of = (level: LevelShare['level']): LevelShare => {
    const members = rows.filter((r) => (r.level ?? 'unknown') === level);
    const mrrMinor = members.reduce((a, r) => a + r.mrrMinor, 0);
    return {
      level,
      accounts: members.length,
      mrrMinor,
      accountShare: share(members.length, rows.length),
      mrrShare: share(mrrMinor, totalMrr),
    };
  };
  const levels = ADOPTION_LEVELS.map(of);
  const unknown = of('unknown');
  return unknown.accounts > 0 ? [...levels, unknown] : levels;
}

function flagged(row: AdoptionRow): FlaggedAccount {
  const rest: Partial<AdoptionRow> = { ...row };
  delete rest.modules;
  return rest as FlaggedAccount;
}

export async function adoptionOverview({
  ctx,
  asOf,
  windowDays,
  filters = {},
  by,
}: AdoptionQuery & { by: Dimension }): Promise<AdoptionOverview> {
  const settings = adoptionSettings(ctx, windowDays);
  const ledger = await currentLedger({ ctx, asOf });
  const computed = await computeAdoption(ctx, asOf, settings, filters, ledger);
  const { rows, catalog } = computed;
  const cohorts = by === 'cohort' ? signupCohorts(ledger) : new Map<string | number, string | null>();
  const plans = new Map(catalog.map((f) => [f.key, [...f.plans]]));
  const declining = rows
    .filter((r) => r.trend.declining)
    .sort((a, b) => (a.trend.change ?? 0) - (b.trend.change ?? 0) || b.mrrMinor - a.mrrMinor);
  const expansion = rows.filter((r) => r.expansion.signal).sort((a, b) => b.mrrMinor - a.mrrMinor);
  return {
    asOf,
    windowDays: settings.windowDays,
    settings,
    by,
    summary: summarizeGroup('all', rows),
    mrrMinor: rows.reduce((a, r) => a + r.mrrMinor, 0),
    levels: levelShares(rows),
    groups: adoptionByGroup(rows, (row) => groupValue(row, by, cohorts)),
    features: featureRows(computed).map((f) => ({ ...f, plans: plans.get(f.key) ?? [] })),
    declining: declining.map(flagged),
    expansion: expansion.map(flagged),
  };
}
