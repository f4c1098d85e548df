// Adoption in the dashboard: the API's response shapes, the as-of day and window read from the URL, day labels.
import type {
  AccountUsage,
  AdoptionGroup,
  AdoptionOverview,
  AdoptionRetention,
  AdoptionSettings,
  Feature as CatalogFeature,
  FeatureAdoptionRow,
  FlaggedAccount,
  Level,
  LevelShare,
  Milestones,
  ModuleAdoption,
  RetentionByLevel as RetentionLevel,
  UncatalogedEvent as ReviewedEvent,
} from '../../../src/contract/adoption.ts';
import type { Meta } from '../../../src/contract/meta.ts';

export type {
  AccountUsage,
  AdoptionGroup,
  AdoptionOverview,
  AdoptionRetention,
  AdoptionSettings,
  CatalogFeature,
  Level,
  LevelShare,
  Milestones,
  ModuleAdoption,
  RetentionLevel,
  ReviewedEvent,
};
/** One account's adoption as the tables show it (its own usage page adds `modules`). */
export type AccountAdoption = FlaggedAccount;
/** A feature's usage rate with the plans that include it (the overview's features). */
export type FeatureRate = FeatureAdoptionRow & { plans: string[] };

export const LEVELS: readonly Level[] = ['low', 'mid', 'high'];
export const LEVEL_LABELS: Record<Level | 'unknown' | 'all', string> = {
  low: 'Low',
  mid: 'Mid',
  high: 'High',
  unknown: 'Unknown',
  all: 'All',
};

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
