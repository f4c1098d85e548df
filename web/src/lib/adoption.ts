// Adoption in the dashboard: the API's response shapes, the as-of day and window read from the URL, day labels.
import type { Meta } from './types.ts';

export type Level = 'low' | 'mid' | 'high';
export const LEVELS: readonly Level[] = ['low', 'mid', 'high'];
export const LEVEL_LABELS: Record<Level | 'unknown' | 'all', string> = {
  low: 'Low',
  mid: 'Mid',
  high: 'High',
  unknown: 'Unknown',
  all: 'All',
};

export interface Milestones {
  total: number;
  reached: number;
  due: boolean;
}

export interface ModuleAdoption {
  module: string;
  included: number;
  used: number;
  breadth: number | null;
  events: number;
  depth: number | null;
}

/** One account's adoption (GET /api/v1/adoption/* rows; `modules` only on the account's own usage). */
export interface AccountAdoption {
  id: number;
  externalId: string;
  name: string;
  plan: string | null;
  mrrMinor: number;
  level: Level | null;
  featureUsageRate: number | null;
  featuresUsed: number;
  featuresIncluded: number;
  licensedSeats: number | null;
  activeUsers: number;
  seatUtilization: number | null;
  dau: number;
  wau: number;
  mau: number;
  stickiness: number | null;
  timeToFirstValueDays: number | null;
  firstValueDay: string | null;
  firstPaidDay: string | null;
  weeklyActiveUsers: number[];
  trend: { declining: boolean; change: number | null; recentActiveUsers: number; previousActiveUsers: number };
  expansion: { signal: boolean; seatsNearLimit: boolean; outOfPlanFeatures: string[] };
  milestones30: Milestones | null;
  milestones90: Milestones | null;
  modules?: ModuleAdoption[];
  ownerCsm: string | null;
  asOf: string;
  windowStart: string;
}

export interface AdoptionGroup {
  group: string;
  accounts: number;
  low: number;
  mid: number;
  high: number;
  unknown: number;
  featureUsageRate: number | null;
  seatUtilization: number | null;
  stickiness: number | null;
  activeUsers: number;
  declining: number;
  expansionSignals: number;
}

export interface LevelShare {
  level: Level | 'unknown';
  accounts: number;
  mrrMinor: number;
  accountShare: number | null;
  mrrShare: number | null;
}

export interface FeatureRate {
  key: string;
  name: string;
  module: string;
  accountsIncluded: number;
  accountsUsing: number;
  usageRate: number | null;
  accountsUsingOutsidePlan: number;
  users: number;
  events: number;
  plans: string[];
}

export interface AdoptionOverview {
  asOf: string;
  windowDays: number;
  settings: AdoptionSettings;
  by: string;
  summary: AdoptionGroup;
  mrrMinor: number;
  levels: LevelShare[];
  groups: AdoptionGroup[];
  features: FeatureRate[];
  declining: AccountAdoption[];
  expansion: AccountAdoption[];
}

export interface RetentionLevel {
  level: Level | 'unknown' | 'all';
  customers: number;
  startMrrMinor: number;
  endMrrMinor: number;
  nrr: number | null;
  grr: number | null;
  churned: number;
  logoChurnRate: number | null;
  renewed: number;
  renewalRate: number | null;
}

export interface AdoptionRetention {
  asOf: string;
  measuredAt: string;
  from: string;
  to: string;
  windowDays: number;
  levels: RetentionLevel[];
}

export interface AccountUsage {
  account: AccountAdoption;
  paying: boolean;
  features: {
    key: string;
    name: string;
    module: string;
    included: boolean;
    used: boolean;
    users: number;
    events: number;
    firstUsed: string | null;
  }[];
  uncataloged: { event: string; users: number; events: number }[];
  dailyActiveUsers: number[];
}

export interface CatalogFeature {
  key: string;
  name: string;
  module: string;
  event: string;
  propertyFilter: Record<string, string | number | boolean>;
  plans: string[];
  milestoneDays: number | null;
}

export interface ReviewedEvent {
  event: string;
  events: number;
  accounts: number;
  users: number;
  lastSeen: string;
}

export const WINDOWS = [7, 14, 30, 60, 90] as const;

/** `window` from the URL when it is one of the offered windows; undefined: the server's setting. */
export function windowDays(query: URLSearchParams): number | undefined {
  const value = Number(query.get('window'));
  return (WINDOWS as readonly number[]).includes(value) ? value : undefined;
}

const DAY_MS = 86_400_000;
const dayMs = (day: string) => Date.parse(`${day.slice(0, 10)}T00:00:00Z`);

/** 'YYYY-MM-DD' moved by `days`. */
export function shiftDay(day: string, days: number): string {
  return new Date(dayMs(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The day adoption is measured on: the last day of the URL's `to` month, or the data's as-of day when `to` is
 * absent or not yet over (a month in progress is measured up to today).
 */
export function adoptionAsOf(query: URLSearchParams, meta: Pick<Meta, 'asOf'>): string {
  const to = query.get('to');
  if (!to || !/^\d{4}-(0[1-9]|1[0-2])$/.test(to)) return meta.asOf;
  const [year, month] = to.split('-').map(Number);
  const monthEnd = new Date(Date.UTC(year ?? 1970, month ?? 1, 0)).toISOString().slice(0, 10);
  return monthEnd < meta.asOf ? monthEnd : meta.asOf;
}

/** The days a series of `length` values ending on `last` covers, oldest first. */
export function daysEnding(last: string, length: number): string[] {
  return Array.from({ length }, (_, i) => shiftDay(last, i - length + 1));
}

export interface AdoptionSettings {
  windowDays: number;
  featureUsageRate: { mid: number; high: number };
  seatUtilization: { mid: number; high: number };
  declineWeeks: number;
  declineRate: number;
  /** Active users the earlier weeks need for a drop to count (absent from servers before it existed). */
  declineMinActiveUsers?: number;
  seatExpansionUtilization: number;
  outOfPlanUserShare: number;
}
