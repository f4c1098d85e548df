// Demo product usage, consistent with each account's revenue story: a feature catalog of 25 features in 6
// modules (richer plans include more), and daily rollups per account × user × feature. How much an account
// uses follows its adoption propensity (high-fit accounts adopt more); usage fades over the 4 months before
// a contraction and, for most customers, before a churn ("hidden churn" comes first; some leave without
// warning). Rollups only, no raw events. Days are generated for the last 16 months before the cutoff (so the
// churn model's backtest reads usage at every month end it predicts from and learns from; it also holds the
// 30 days a year earlier where `report adoption-retention` measures the level), plus each account's
// onboarding first uses.
import type { FeatureDefinition } from '../adoption/catalog.ts';
import { addMonthsToDay, dayOf, formatDay } from '../period.ts';
import { PLANS } from './catalog.ts';
import { createRandom, type Random } from './random.ts';
import type { DemoCompany, DemoProfile, LifecycleEvent } from './types.ts';

/** Plans from `rank` up (feature `plans`); rank 0 means every plan (an empty list). */
const from = (rank: number) => (rank === 0 ? [] : PLANS.filter((p) => p.rank >= rank).map((p) => p.name));

type Spec = [key: string, module: string, event: string, rank: number, popularity: number, milestone?: 30 | 90];
const SPECS: readonly Spec[] = [
  ['project_created', 'workspace', 'Project Created', 0, 0.95, 30],
  ['task_created', 'workspace', 'Task Created', 0, 0.95, 30],
  ['comment_added', 'workspace', 'Comment Added', 0, 0.85],
  ['file_uploaded', 'workspace', 'File Uploaded', 0, 0.6],
  ['user_invited', 'collaboration', 'User Invited', 0, 0.8, 30],
  ['mention_sent', 'collaboration', 'Mention Sent', 0, 0.55],
  ['team_created', 'collaboration', 'Team Created', 1, 0.5, 90],
  ['guest_shared', 'collaboration', 'Guest Shared', 1, 0.3],
  ['report_viewed', 'reporting', 'Report Viewed', 0, 0.8],
  ['report_created', 'reporting', 'Report Created', 0, 0.55, 90],
  ['report_exported', 'reporting', 'Report Exported', 0, 0.4],
  ['report_exported_pdf', 'reporting', 'Report Exported', 1, 0.3],
  ['dashboard_shared', 'reporting', 'Dashboard Shared', 2, 0.35],
  ['automation_created', 'automation', 'Automation Created', 1, 0.45, 90],
  ['automation_run', 'automation', 'Automation Run', 1, 0.4],
  ['approval_flow', 'automation', 'Approval Flow Used', 2, 0.25],
  ['integration_connected', 'integrations', 'Integration Connected', 0, 0.5, 90],
  ['sync_run', 'integrations', 'Sync Run', 1, 0.35],
  ['api_call', 'integrations', 'API Called', 2, 0.3],
  ['webhook_created', 'integrations', 'Webhook Created', 2, 0.2],
  ['data_exported', 'admin', 'Data Exported', 0, 0.2],
  ['role_assigned', 'admin', 'Role Assigned', 2, 0.3],
  ['sso_configured', 'admin', 'SSO Configured', 3, 0.4],
  ['audit_log_viewed', 'admin', 'Audit Log Viewed', 3, 0.25],
  ['sandbox_used', 'admin', 'Sandbox Used', 3, 0.15],
];

const FILTERS: Record<string, Record<string, string>> = {
  report_exported: { format: 'csv' },
  report_exported_pdf: { format: 'pdf' },
};

export const DEMO_FEATURES: readonly FeatureDefinition[] = SPECS.map(([key, module, event, rank, , milestone]) => ({
  key,
  name: key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
  module,
  event,
  propertyFilter: FILTERS[key] ?? {},
  plans: from(rank),
  milestoneDays: milestone ?? null,
}));

export interface DemoUsageRow {
  account_external_id: string;
  /** 'YYYY-MM-DD'. */
  day: string;
  user_key: string;
  feature: string;
  events: number;
}

/** Months of daily usage before the cutoff: the churn model's backtest reads usage at every month end of them. */
export const DEMO_USAGE_MONTHS = 16;

/** The days usage is generated for: [first, last] spans, inclusive (one span: every day of the last months). */
export function demoUsageSpans(cutoff: string): [number, number][] {
  const end = dayOf(cutoff);
  return [[addMonthsToDay(end, -DEMO_USAGE_MONTHS) + 1, end]];
}

const RANK = new Map(PLANS.map((p) => [p.name, p.rank]));
const FADE_DAYS = 120;

/**
 * The subscription state in force on `day` (null: not paying), and its health: 1, fading over the 120 days
 * before a churn (to 0.3) or a contraction (to 0.6). `riskDay` is a churn the account heads for after the
 * history ends (an at-risk account still paying at the cutoff).
 */
export function stateOn(
  events: readonly LifecycleEvent[],
  day: number,
  riskDay: number | null = null,
  warns = true,
): { plan: string; seats: number; health: number } | null {
  let current: LifecycleEvent | null = null;
  for (const e of events) if (dayOf(e.on) <= day) current = e;
  if (current === null || current.kind === 'churn') return null;
  const next = events.find((e) => dayOf(e.on) > day && ((warns && e.kind === 'churn') || e.kind === 'contraction'));
  let end = next ? { day: dayOf(next.on), floor: next.kind === 'churn' ? 0.3 : 0.6 } : null;
  if (riskDay !== null && riskDay > day && (end === null || riskDay < end.day)) end = { day: riskDay, floor: 0.3 };
  const until = end === null ? FADE_DAYS : end.day - day;
  const health = end !== null && until < FADE_DAYS ? end.floor + (1 - end.floor) * (until / FADE_DAYS) ** 1.5 : 1;
  return { plan: current.plan, seats: current.seats, health };
}

/** Days before an expansion over which a growing team fills the seats (and tries the next plan's features). */
const GROWTH_DAYS = 90;
/** Share of accounts whose expansions show beforehand in their usage; others buy more on a reorganisation or a deal. */
const EXPANSION_SIGNALS = 0.75;

/**
 * How far an expansion ahead pulls usage on `day`: 0 beyond GROWTH_DAYS, rising to 1 on the day it takes effect;
 * with the plan it moves to when that is an upgrade.
 */
export function growthBefore(events: readonly LifecycleEvent[], day: number): { pull: number; plan: string | null } {
  let current: LifecycleEvent | null = null;
  for (const e of events) {
    const on = dayOf(e.on);
    if (on <= day) current = e;
    else if (e.kind === 'expansion' && on - day <= GROWTH_DAYS) {
      const plan = current !== null && e.plan !== current.plan ? e.plan : null;
      return { pull: 1 - (on - day) / GROWTH_DAYS, plan };
    } else if (on - day > GROWTH_DAYS) break;
  }
  return { pull: 0, plan: null };
}

interface AccountTraits {
  propensity: number;
  utilization: number;
  /** Features the account has taken up, with their pick weights. */
  adopted: Map<number, { key: string; weight: number }[]>;
  riskDay: number | null;
  /** Whether its usage fades before a churn: some customers leave without warning (a budget cut, an acquisition). */
  warns: boolean;
  /** Whether its usage grows before an expansion. */
  grows: boolean;
}

/** Share of churning accounts whose usage gives no warning beforehand. */
const SILENT_CHURN = 0.3;

/** Share of accounts still paying at the cutoff that head for a churn after it, by adoption level. */
const AT_RISK = { low: 0.3, mid: 0.08, high: 0.02 } as const;

/** Per plan rank: the features the account took up (included ones by propensity, rarely one beyond the plan). */
function traitsOf(random: Random, profile: DemoProfile, cutoff: number, seed: number): AccountTraits {
  const a = profile.adoptionPropensity;
  const factor = Math.min(1, 1.2 * a ** 1.3);
  const takes = SPECS.map(([, , , , popularity]) => random.next() < popularity * factor);
  const beyond = random.int(0, SPECS.length - 1);
  const tryBeyond = a > 0.6 && random.chance(0.15);
  const adopted = new Map<number, { key: string; weight: number }[]>();
  for (const plan of PLANS) {
    const list = SPECS.flatMap(([key, , , rank, popularity], i) =>
      (rank <= plan.rank && takes[i]) || (tryBeyond && i === beyond && rank > plan.rank)
        ? [{ key, weight: popularity }]
        : [],
    );
    adopted.set(plan.rank, list);
  }
  const utilization = Math.max(0.03, Math.min(1, 0.1 + 0.9 * a + 0.1 * random.normal()));
  const atRisk = profile.status === 'active' && random.chance(AT_RISK[profile.adoptionLevel]);
  const warns = !createRandom(seed, 'usage-warns', profile.external_id).chance(SILENT_CHURN);
  const grows = createRandom(seed, 'usage-grows', profile.external_id).chance(EXPANSION_SIGNALS);
  return { propensity: a, utilization, adopted, riskDay: atRisk ? cutoff + random.int(20, 90) : null, warns, grows };
}

type Sink = Map<string, DemoUsageRow>;

function add(sink: Sink, row: Omit<DemoUsageRow, 'events'>, events: number): void {
  const key = `${row.day}|${row.user_key}|${row.feature}`;
  const found = sink.get(key);
  if (found) found.events += events;
  else sink.set(key, { ...row, events });
}

/** First uses of the onboarding milestones after the first paid day: sooner and more often for keen accounts. */
function onboarding(random: Random, profile: DemoProfile, sink: Sink, traits: AccountTraits): void {
  const start = profile.events[0];
  if (!start) return;
  const paid = dayOf(start.on);
  const meanDays = 4 + 45 * (1 - traits.propensity) ** 2;
  for (const f of DEMO_FEATURES) {
    if (f.milestoneDays === null || !(f.plans.length === 0 || f.plans.includes(start.plan))) continue;
    if (!random.chance(0.35 + 0.6 * traits.propensity)) continue;
    const after = Math.round(-Math.log(1 - random.next()) * meanDays * (f.milestoneDays / 30));
    const day = paid + after;
    if (stateOn(profile.events, day) === null) continue;
    add(
      sink,
      {
        account_external_id: profile.external_id,
        day: formatDay(day),
        user_key: `${profile.external_id}-u0`,
        feature: f.key,
      },
      1,
    );
  }
}

function usageOnDay(seed: number, profile: DemoProfile, traits: AccountTraits, day: number, sink: Sink): void {
  const state = stateOn(profile.events, day, traits.riskDay, traits.warns);
  if (state === null) return;
  const random = createRandom(seed, 'usage', profile.external_id, day);
  // A team about to buy more fills its seats first, and an upgrade's features get tried on the way.
  const growth = traits.grows ? growthBefore(profile.events, day) : { pull: 0, plan: null };
  const utilization = traits.utilization + Math.max(0, 0.97 - traits.utilization) * growth.pull;
  const users = Math.min(state.seats, Math.round(state.seats * utilization * state.health));
  const plan = growth.plan !== null && growth.pull > 0.4 ? growth.plan : state.plan;
  const features = traits.adopted.get(RANK.get(plan) ?? 0) ?? [];
  if (features.length === 0) return;
  const weekend = ((day % 7) + 7) % 7 === 2 || ((day % 7) + 7) % 7 === 3 ? 0.2 : 1; // day 0 was a Thursday
  const p = (0.1 + 0.35 * traits.propensity) * weekend * (0.5 + 0.5 * state.health);
  const weights = features.map((f) => f.weight);
  for (let u = 0; u < users; u++) {
    if (!random.chance(p)) continue;
    const picks = random.chance(0.4) ? 2 : 1;
    for (let k = 0; k < picks; k++) {
      const feature = random.weighted(features, weights).key;
      const row = {
        account_external_id: profile.external_id,
        day: formatDay(day),
        user_key: `${profile.external_id}-u${u}`,
        feature,
      };
      add(sink, row, random.int(1, 6));
    }
  }
}

/** One account's rollup rows (no two with the same day, user and feature), in day order. */
export function demoAccountUsage(seed: number, profile: DemoProfile, cutoff: string): DemoUsageRow[] {
  const random = createRandom(seed, 'usage-traits', profile.external_id);
  const traits = traitsOf(random, profile, dayOf(cutoff), seed);
  const sink: Sink = new Map();
  onboarding(random, profile, sink, traits);
  for (const [first, last] of demoUsageSpans(cutoff)) {
    for (let day = first; day <= last; day++) usageOnDay(seed, profile, traits, day, sink);
  }
  return [...sink.values()].filter((r) => r.day <= cutoff).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** Every account's usage, account by account, so a writer can stream it in batches. */
export function* demoUsage(company: DemoCompany): Generator<DemoUsageRow[]> {
  for (const profile of company.profiles) yield demoAccountUsage(company.seed, profile, company.cutoff);
}
