// Adoption settings and the low / mid / high level rule. Defaults are documented in the README
// ("Adoption metrics"); every one can be changed through a TENURE_ADOPTION_* environment variable.

export type AdoptionLevel = 'low' | 'mid' | 'high';
export const ADOPTION_LEVELS: readonly AdoptionLevel[] = ['low', 'mid', 'high'];

/** A value at or above `mid` is at least mid, at or above `high` is high; below `mid` is low. */
export interface LevelThresholds {
  mid: number;
  high: number;
}

export interface AdoptionSettings {
  /** Days in the window ending asOf (inclusive) over which DAU/WAU/MAU, features used and seats are read. */
  windowDays: number;
  featureUsageRate: LevelThresholds;
  seatUtilization: LevelThresholds;
  /** Decline: active users of the last `declineWeeks` weeks against the `declineWeeks` weeks before. */
  declineWeeks: number;
  /** Fractional drop (0.3 = 30%) that raises the decline flag. */
  declineRate: number;
  /**
   * Active users the earlier weeks must have had for a drop to count: with fewer, one person's holiday (1 → 0)
   * would read as hidden churn.
   */
  declineMinActiveUsers: number;
  /** Seat utilization at or above which the account is near its licence limit (an expansion signal). */
  seatExpansionUtilization: number;
  /** A feature outside the plan is heavily used when this share of the account's active users use it. */
  outOfPlanUserShare: number;
}

/**
 * Userly's adoption research: a feature usage rate under 10% is the mark of customers who get no value (low
 * adoption).
 * 40% of the plan's features and 70% of the seats bought in use for high adoption, 30% of seats for mid, are
 * starting points to calibrate against `tenure report adoption-retention` on one's own data.
 */
export const DEFAULT_ADOPTION_SETTINGS: AdoptionSettings = {
  windowDays: 30,
  featureUsageRate: { mid: 0.1, high: 0.4 },
  seatUtilization: { mid: 0.3, high: 0.7 },
  declineWeeks: 4,
  declineRate: 0.3,
  declineMinActiveUsers: 3,
  seatExpansionUtilization: 0.9,
  outOfPlanUserShare: 0.25,
};

const RANK: Record<AdoptionLevel, number> = { low: 0, mid: 1, high: 2 };

export function levelOf(value: number, thresholds: LevelThresholds): AdoptionLevel {
  if (value >= thresholds.high) return 'high';
  return value >= thresholds.mid ? 'mid' : 'low';
}

/**
 * The adoption level: the lower of the feature-usage level and the seat-utilization level, so a high
 * account uses much of what it bought both in breadth (features) and in reach (seats). An input that is
 * unknown (no feature in the plan, no licensed seat count) is left out; null when both are unknown.
 */
export function adoptionLevel(
  featureUsageRate: number | null,
  seatUtilization: number | null,
  settings: Pick<AdoptionSettings, 'featureUsageRate' | 'seatUtilization'>,
): AdoptionLevel | null {
  const levels: AdoptionLevel[] = [];
  if (featureUsageRate !== null) levels.push(levelOf(featureUsageRate, settings.featureUsageRate));
  if (seatUtilization !== null) levels.push(levelOf(seatUtilization, settings.seatUtilization));
  if (levels.length === 0) return null;
  return levels.reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
}

export function compareLevels(a: AdoptionLevel, b: AdoptionLevel): number {
  return RANK[a] - RANK[b];
}

type Env = Readonly<Record<string, string | undefined>>;

function fraction(env: Env, name: string, fallback: number, max = 1): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value > max) {
    throw new Error(`${name} must be a fraction between 0 and ${max} (like 0.3), found "${text}"`);
  }
  return value;
}

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, found "${text}"`);
  }
  return value;
}

function thresholds(env: Env, prefix: string, fallback: LevelThresholds, max = 1): LevelThresholds {
  const mid = fraction(env, `${prefix}_MID`, fallback.mid, max);
  const high = fraction(env, `${prefix}_HIGH`, fallback.high, max);
  if (mid > high) throw new Error(`${prefix}_MID (${mid}) must not be above ${prefix}_HIGH (${high})`);
  return { mid, high };
}

/** Adoption settings from TENURE_ADOPTION_* variables (see README), defaults for the ones not set. */
export function adoptionSettingsFromEnv(env: Env): AdoptionSettings {
  const d = DEFAULT_ADOPTION_SETTINGS;
  return {
    windowDays: wholeNumber(env, 'TENURE_ADOPTION_WINDOW_DAYS', d.windowDays, 1, 366),
    featureUsageRate: thresholds(env, 'TENURE_ADOPTION_USAGE_RATE', d.featureUsageRate),
    seatUtilization: thresholds(env, 'TENURE_ADOPTION_SEATS', d.seatUtilization, 10),
    declineWeeks: wholeNumber(env, 'TENURE_ADOPTION_DECLINE_WEEKS', d.declineWeeks, 1, 26),
    declineRate: fraction(env, 'TENURE_ADOPTION_DECLINE_RATE', d.declineRate),
    declineMinActiveUsers: wholeNumber(env, 'TENURE_ADOPTION_DECLINE_MIN_USERS', d.declineMinActiveUsers, 1, 1_000_000),
    seatExpansionUtilization: fraction(env, 'TENURE_ADOPTION_SEAT_EXPANSION', d.seatExpansionUtilization, 10),
    outOfPlanUserShare: fraction(env, 'TENURE_ADOPTION_OUT_OF_PLAN_SHARE', d.outOfPlanUserShare),
  };
}
