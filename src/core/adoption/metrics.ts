// Adoption of one account as of a day: active users, seats, feature usage rate, breadth and depth per
// module, level, time to first value, onboarding milestones, usage trend and expansion signals.
// Definitions in words: README, "Adoption metrics".
import type { DayNumber } from '../period.ts';
import {
  activeUserAverages,
  activeUsersBetween,
  usageTrend,
  weeklyActiveUsers,
  type UsageTrend,
  type UserActivity,
} from './activity.ts';
import { includedInPlan, UNCATALOGED_PREFIX, type FeatureDefinition } from './catalog.ts';
import { adoptionLevel, type AdoptionLevel, type AdoptionSettings } from './settings.ts';

export interface AccountFacts {
  accountId: number;
  /** The plan paid for at asOf (or last paid); null when unknown. */
  plan: string | null;
  /** Seats (subscription quantities) in force at asOf; null when no quantity is known. */
  licensedSeats: number | null;
  /** First day of paid service; null when the account never paid. */
  firstPaidDay: DayNumber | null;
}

/** Use of one feature key (catalog key or 'event:<name>') in the window. */
export interface FeatureUse {
  feature: string;
  users: number;
  events: number;
}

export interface AccountUsage {
  /** Each user's active days over at least `lookbackDays` before asOf. */
  users: readonly UserActivity[];
  features: readonly FeatureUse[];
  /** First day (on or before asOf) each catalog feature was used by anyone in the account. */
  firstUse: ReadonlyMap<string, DayNumber>;
}

export interface ModuleAdoption {
  module: string;
  /** Features of the module in the account's plan, and how many of them were used in the window. */
  included: number;
  used: number;
  /** used ÷ included; null when the plan includes none. */
  breadth: number | null;
  /** Events on the module's features in the window. */
  events: number;
  /** Events per active user of the account in the window; null with no active user. */
  depth: number | null;
}

export interface Milestones {
  /** Milestones of this horizon in the plan, and how many were first used within that many days of the first paid day. */
  total: number;
  reached: number;
  /** Whether the horizon has passed at asOf (so `reached` is final). */
  due: boolean;
}

export interface AccountAdoption extends AccountFacts {
  windowStart: DayNumber;
  asOf: DayNumber;
  dau: number;
  wau: number;
  mau: number;
  stickiness: number | null;
  /** Distinct users active in the window. */
  activeUsers: number;
  /** activeUsers ÷ licensedSeats (may exceed 1); null without a seat count. */
  seatUtilization: number | null;
  featuresIncluded: number;
  featuresUsed: number;
  /** featuresUsed ÷ featuresIncluded (features of the plan used in the window); null when the plan has none. */
  featureUsageRate: number | null;
  modules: ModuleAdoption[];
  level: AdoptionLevel | null;
  firstValueDay: DayNumber | null;
  timeToFirstValueDays: number | null;
  milestones30: Milestones | null;
  milestones90: Milestones | null;
  /** Weekly active users, oldest week first (the last week ends asOf). */
  weeklyActiveUsers: number[];
  trend: UsageTrend;
  expansion: { seatsNearLimit: boolean; outOfPlanFeatures: string[]; signal: boolean };
}

export interface AdoptionInput {
  asOf: DayNumber;
  settings: AdoptionSettings;
  catalog: readonly FeatureDefinition[];
  facts: AccountFacts;
  usage: AccountUsage;
  /** Weeks of weekly active users to return (default 12). */
  trendWeeks?: number;
}

/**
 * Features that mark first value: the catalog's onboarding milestones, or every catalog feature when none is
 * marked. Time to first value = days from the first paid day to the first use of one (0 if used before).
 */
export function valueFeatures(catalog: readonly FeatureDefinition[]): FeatureDefinition[] {
  const marked = catalog.filter((f) => f.milestoneDays !== null);
  return marked.length > 0 ? marked : [...catalog];
}

function firstValue(input: AdoptionInput): { day: DayNumber | null; days: number | null } {
  let day: DayNumber | null = null;
  for (const f of valueFeatures(input.catalog)) {
    const used = input.usage.firstUse.get(f.key);
    if (used !== undefined && used <= input.asOf && (day === null || used < day)) day = used;
  }
  const paid = input.facts.firstPaidDay;
  return { day, days: day === null || paid === null ? null : Math.max(0, day - paid) };
}

function milestones(input: AdoptionInput, included: readonly FeatureDefinition[], horizon: 30 | 90) {
  const paid = input.facts.firstPaidDay;
  if (paid === null) return null;
  const marked = included.filter((f) => f.milestoneDays === horizon);
  const reached = marked.filter((f) => {
    const used = input.usage.firstUse.get(f.key);
    return used !== undefined && used <= input.asOf && used < paid + horizon;
  }).length;
  return { total: marked.length, reached, due: input.asOf >= paid + horizon };
}

function moduleAdoption(
  catalog: readonly FeatureDefinition[],
  included: ReadonlySet<string>,
  use: ReadonlyMap<string, FeatureUse>,
  activeUsers: number,
): ModuleAdoption[] {
  const modules = [...new Set(catalog.map((f) => f.module))].sort();
  return modules.map((module) => {
    const features = catalog.filter((f) => f.module === module);
    const inPlan = features.filter((f) => included.has(f.key));
    const used = inPlan.filter((f) => use.has(f.key)).length;
    const events = features.reduce((sum, f) => sum + (use.get(f.key)?.events ?? 0), 0);
    return {
      module,
      included: inPlan.length,
      used,
      breadth: inPlan.length === 0 ? null : used / inPlan.length,
      events,
      depth: activeUsers === 0 ? null : events / activeUsers,
    };
  });
}

export function accountAdoption(input: AdoptionInput): AccountAdoption {
  const { asOf, settings, catalog, facts, usage } = input;
  const windowStart = asOf - settings.windowDays + 1;
  const averages = activeUserAverages(usage.users, asOf, settings.windowDays);
  const activeUsers = activeUsersBetween(usage.users, windowStart, asOf);
  const use = new Map(usage.features.filter((f) => f.events > 0).map((f) => [f.feature, f]));
  const inPlan = catalog.filter((f) => includedInPlan(f, facts.plan));
  const included = new Set(inPlan.map((f) => f.key));
  const featuresUsed = inPlan.filter((f) => use.has(f.key)).length;
  const featureUsageRate = inPlan.length === 0 ? null : featuresUsed / inPlan.length;
  const seats = facts.licensedSeats;
  const seatUtilization = seats === null || seats <= 0 ? null : activeUsers / seats;
  const outOfPlanFeatures = catalog
    .filter((f) => !included.has(f.key))
    .filter((f) => {
      const users = use.get(f.key)?.users ?? 0;
      return users > 0 && users >= settings.outOfPlanUserShare * activeUsers;
    })
    .map((f) => f.key);
  const seatsNearLimit = seatUtilization !== null && seatUtilization >= settings.seatExpansionUtilization;
  const value = firstValue(input);
  return {
    ...facts,
    windowStart,
    asOf,
    ...averages,
    activeUsers,
    seatUtilization,
    featuresIncluded: inPlan.length,
    featuresUsed,
    featureUsageRate,
    modules: moduleAdoption(catalog, included, use, activeUsers),
    level: adoptionLevel(featureUsageRate, seatUtilization, settings),
    firstValueDay: value.day,
    timeToFirstValueDays: value.days,
    milestones30: milestones(input, inPlan, 30),
    milestones90: milestones(input, inPlan, 90),
    weeklyActiveUsers: weeklyActiveUsers(usage.users, asOf, input.trendWeeks ?? 12),
    trend: usageTrend(usage.users, asOf, settings),
    expansion: { seatsNearLimit, outOfPlanFeatures, signal: seatsNearLimit || outOfPlanFeatures.length > 0 },
  };
}

/** The usage of one account built from rollup rows (what the store aggregates in SQL), for tests and demos. */
export function usageFromRows(
  rows: readonly { day: DayNumber; userKey: string; feature: string; events: number }[],
  asOf: DayNumber,
  windowDays: number,
): AccountUsage {
  const days = new Map<string, DayNumber[]>();
  const features = new Map<string, { users: Set<string>; events: number }>();
  const firstUse = new Map<string, DayNumber>();
  for (const r of rows) {
    if (r.day > asOf) continue;
    const userDays = days.get(r.userKey) ?? [];
    userDays.push(r.day);
    days.set(r.userKey, userDays);
    if (!r.feature.startsWith(UNCATALOGED_PREFIX))
      firstUse.set(r.feature, Math.min(firstUse.get(r.feature) ?? r.day, r.day));
    if (r.day <= asOf - windowDays) continue;
    const f = features.get(r.feature) ?? { users: new Set<string>(), events: 0 };
    f.users.add(r.userKey);
    f.events += r.events;
    features.set(r.feature, f);
  }
  return {
    users: [...days].map(([userKey, d]) => ({ userKey, days: d })),
    features: [...features].map(([feature, f]) => ({ feature, users: f.users.size, events: f.events })),
    firstUse,
  };
}
