// Active users from the days each end user was seen: daily / weekly / monthly averages over a window,
// weekly active users, and the decline flag. A user is active on a day with at least one event of any kind.
import type { DayNumber } from '../period.ts';

export interface UserActivity {
  userKey: string;
  /** Days with at least one event (any order, duplicates allowed). */
  days: readonly DayNumber[];
}

export interface ActiveUserAverages {
  /** Mean over the window's days of the users active that day. */
  dau: number;
  /** Mean over the window's days of the users active in the 7 days ending that day. */
  wau: number;
  /** Mean over the window's days of the users active in the 30 days ending that day. */
  mau: number;
  /** DAU ÷ MAU; null when MAU is 0. */
  stickiness: number | null;
}

/** How many days before a window's first day the averages read (MAU of the window's first day). */
export const MAU_DAYS = 30;
const WAU_DAYS = 7;

/** Distinct users with an active day in [from, to] (inclusive). */
export function activeUsersBetween(users: readonly UserActivity[], from: DayNumber, to: DayNumber): number {
  let n = 0;
  for (const u of users) if (u.days.some((d) => d >= from && d <= to)) n++;
  return n;
}

/** DAU, WAU and MAU averaged over the `windowDays` days ending with `asOf`; DAU ≤ WAU ≤ MAU day by day. */
export function activeUserAverages(
  users: readonly UserActivity[],
  asOf: DayNumber,
  windowDays: number,
): ActiveUserAverages {
  const first = asOf - windowDays + 1;
  const origin = first - MAU_DAYS + 1;
  let dau = 0;
  let wau = 0;
  let mau = 0;
  const seen = new Uint8Array(asOf - origin + 1);
  for (const u of users) {
    seen.fill(0);
    for (const d of u.days) if (d >= origin && d <= asOf) seen[d - origin] = 1;
    // Sweep the days keeping the last active day on or before each one.
    let last = -Infinity;
    for (let i = 0; i < seen.length; i++) {
      if (seen[i] === 1) last = i;
      if (i < first - origin) continue;
      const since = i - last;
      if (since === 0) dau++;
      if (since < WAU_DAYS) wau++;
      if (since < MAU_DAYS) mau++;
    }
  }
  return {
    dau: dau / windowDays,
    wau: wau / windowDays,
    mau: mau / windowDays,
    stickiness: mau === 0 ? null : dau / mau,
  };
}

/** Distinct active users per 7-day week ending with asOf, oldest week first. */
export function weeklyActiveUsers(users: readonly UserActivity[], asOf: DayNumber, weeks: number): number[] {
  const out: number[] = [];
  for (let k = weeks - 1; k >= 0; k--) out.push(activeUsersBetween(users, asOf - 7 * (k + 1) + 1, asOf - 7 * k));
  return out;
}

export interface UsageTrend {
  /** Distinct active users in the last `weeks` weeks (ending asOf) and in the `weeks` weeks before. */
  recentActiveUsers: number;
  previousActiveUsers: number;
  /** recent ÷ previous − 1; null when nobody was active before. */
  change: number | null;
  /** The leading indicator: previous ≥ `declineMinActiveUsers` and active users fell by `declineRate` or more. */
  declining: boolean;
}

export function usageTrend(
  users: readonly UserActivity[],
  asOf: DayNumber,
  settings: { declineWeeks: number; declineRate: number; declineMinActiveUsers: number },
): UsageTrend {
  const span = 7 * settings.declineWeeks;
  const recent = activeUsersBetween(users, asOf - span + 1, asOf);
  const previous = activeUsersBetween(users, asOf - 2 * span + 1, asOf - span);
  if (previous === 0) return { recentActiveUsers: recent, previousActiveUsers: 0, change: null, declining: false };
  return {
    recentActiveUsers: recent,
    previousActiveUsers: previous,
    change: recent / previous - 1,
    // Compared as integers scaled by 1e6 so a drop of exactly the threshold counts, whatever the float error.
    declining:
      previous >= settings.declineMinActiveUsers &&
      (previous - recent) * 1_000_000 >= Math.round(settings.declineRate * 1_000_000) * previous,
  };
}

/** Days of history the averages and the trend need before asOf (inclusive of asOf). */
export function lookbackDays(settings: { windowDays: number; declineWeeks: number }, trendWeeks: number): number {
  return Math.max(settings.windowDays + MAU_DAYS - 1, 14 * settings.declineWeeks, 7 * trendWeeks);
}
