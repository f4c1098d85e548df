// Coverage tiers (e.g. high-touch, mid-touch, tech-touch): an account's tier is the first tier, by rank, whose
// rules it meets; an unexpired override wins. Rules are ANDed; a tier with no rules takes every account left.

export interface TierRules {
  /** ARR at least this (reporting-currency minor units). */
  min_arr_minor?: number;
  /** ARR below this. */
  max_arr_minor?: number;
  /** The current plan is one of these. */
  plans?: string[];
  /** The account's segment is one of these. */
  segments?: string[];
  /** The account's ICP fit is this. */
  icp_fit?: boolean;
}

export interface TierDefinition {
  key: string;
  name: string;
  rank: number;
  rules: TierRules;
  targetAccountsPerCsm: number | null;
  targetArrPerCsmMinor: number | null;
}

export interface TierFacts {
  arrMinor: number;
  plan: string | null;
  segment: string | null;
  icpFit: boolean | null;
}

export interface TierOverride {
  tierKey: string;
  /** The last day it holds (YYYY-MM-DD). */
  expiresOn: string;
}

export type TierSource = 'rule' | 'override' | 'none';

const lower = (list: readonly string[]) => list.map((s) => s.toLowerCase());

export function meetsRules(rules: TierRules, facts: TierFacts): boolean {
  if (rules.min_arr_minor !== undefined && facts.arrMinor < rules.min_arr_minor) return false;
  if (rules.max_arr_minor !== undefined && facts.arrMinor >= rules.max_arr_minor) return false;
  if (rules.plans !== undefined && !lower(rules.plans).includes((facts.plan ?? '').toLowerCase())) return false;
  if (rules.segments !== undefined && !lower(rules.segments).includes((facts.segment ?? '').toLowerCase())) {
    return false;
  }
  if (rules.icp_fit !== undefined && facts.icpFit !== rules.icp_fit) return false;
  return true;
}

/** The account's tier on `today`: an override until its expiry day (inclusive), else the first matching rule. */
export function tierOf(
  tiers: readonly TierDefinition[],
  facts: TierFacts,
  override: TierOverride | null,
  today: string,
): { tier: string | null; source: TierSource } {
  if (override && override.expiresOn >= today && tiers.some((t) => t.key === override.tierKey)) {
    return { tier: override.tierKey, source: 'override' };
  }
  const sorted = [...tiers].sort((a, b) => a.rank - b.rank);
  const found = sorted.find((t) => meetsRules(t.rules, facts));
  return found ? { tier: found.key, source: 'rule' } : { tier: null, source: 'none' };
}
