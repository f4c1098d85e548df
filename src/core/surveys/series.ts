// Survey scores over time: windows (calendar month, quarter, or trailing 90 days), the metric of each window with
// its 95% interval and score distribution, and the trend (change against the window before). Pure.
import { addMonthsToDay, firstDayOfMonth, formatDay, lastDayOfMonth, monthOfDay, parseDay } from '../period.ts';
import { cesOf, csatOf, npsOf, periodOf, SCORE_RANGES, type NpsResult, type SurveyKind } from './metrics.ts';

export const SERIES_INTERVALS = ['month', 'quarter', 't90d'] as const;
export type SeriesInterval = (typeof SERIES_INTERVALS)[number];

/** Days of a trailing window. */
export const TRAILING_DAYS = 90;
const Z95 = 1.96;

/** A scored answer (dismissals never reach this type). */
export interface ScoredAnswer {
  score: number;
  /** ISO timestamp, UTC. */
  respondedAt: string;
}

export interface PeriodWindow {
  /** `YYYY-MM`, `YYYY-Qn`, or for a trailing window the `YYYY-MM` of its last day. */
  period: string;
  /** First and last day counted, `YYYY-MM-DD`, both inclusive. */
  from: string;
  to: string;
}

/**
 * Windows from the one holding `firstDay` through the one holding `asOf`; the last stops on asOf. Trailing
 * windows are the 90 days ending on each month's last day (and on asOf for asOf's month).
 */
export function periodWindows(interval: SeriesInterval, firstDay: string, asOf: string): PeriodWindow[] {
  const last = parseDay(asOf);
  const out: PeriodWindow[] = [];
  const step = interval === 'quarter' ? 3 : 1;
  let month = monthOfDay(parseDay(firstDay));
  if (interval === 'quarter') month -= month % 3;
  for (; month <= monthOfDay(last); month += step) {
    const end = Math.min(lastDayOfMonth(month + step - 1), last);
    const start = interval === 't90d' ? end - TRAILING_DAYS + 1 : firstDayOfMonth(month);
    const period = interval === 'quarter' ? periodOf(formatDay(start), 'quarter') : formatMonth(month);
    out.push({ period, from: formatDay(start), to: formatDay(end) });
  }
  return out;
}

const formatMonth = (month: number) => formatDay(lastDayOfMonth(month)).slice(0, 7);

/** Answers whose UTC day falls in [from, to]. */
export function inWindow<T extends { respondedAt: string }>(answers: readonly T[], window: PeriodWindow): T[] {
  return answers.filter((a) => {
    const day = a.respondedAt.slice(0, 10);
    return day >= window.from && day <= window.to;
  });
}

/** The window `months` months before `asOf` (for "12 months earlier"), as a day. */
export const monthsBefore = (asOf: string, months: number) => formatDay(addMonthsToDay(parseDay(asOf), -months));

/** Answers per score, from the kind's lowest score to its highest. */
export function distribution(kind: SurveyKind, scores: readonly number[]): number[] {
  const [low, high] = SCORE_RANGES[kind];
  const counts = Array.from({ length: high - low + 1 }, () => 0);
  for (const s of scores) if (s >= low && s <= high) counts[s - low] = (counts[s - low] ?? 0) + 1;
  return counts;
}

/** One window's score for any kind: NPS −100..100, CSAT 0..100 (% of 4–5), CES mean 1..7; interval 95%. */
export interface ScorePoint {
  period: string;
  from: string;
  to: string;
  responses: number;
  score: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Under 30 answers: too uncertain to act on alone. */
  fewAnswers: boolean;
  /** score − the previous window's score (null when either has no answers). */
  change: number | null;
  distribution: number[];
  /** NPS only: its categories. */
  promoters?: number;
  passives?: number;
  detractors?: number;
  /** CSAT only: answers of 4 or 5. */
  satisfied?: number;
}

const clamp = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x));

/**
 * CSAT's 95% interval: normal approximation of a proportion, p ± 1.96·sqrt(p(1 − p)/n), in points, within
 * [0, 100]. CES's: mean ± 1.96·s/√n with s the sample standard deviation, within [1, 7].
 */
export function scoreOf(
  kind: SurveyKind,
  scores: readonly number[],
): Omit<ScorePoint, 'period' | 'from' | 'to' | 'change'> {
  const n = scores.length;
  const few = n < 30;
  const dist = distribution(kind, scores);
  if (kind === 'nps') {
    const r: NpsResult = npsOf(scores);
    return {
      responses: n,
      score: r.nps,
      ciLow: r.ciLow,
      ciHigh: r.ciHigh,
      fewAnswers: few,
      distribution: dist,
      promoters: r.promoters,
      passives: r.passives,
      detractors: r.detractors,
    };
  }
  if (kind === 'csat') {
    const r = csatOf(scores);
    if (r.csat === null)
      return {
        responses: 0,
        score: null,
        ciLow: null,
        ciHigh: null,
        fewAnswers: few,
        distribution: dist,
        satisfied: 0,
      };
    const p = r.satisfied / n;
    const half = Z95 * Math.sqrt((p * (1 - p)) / n) * 100;
    return {
      responses: n,
      score: r.csat,
      ciLow: clamp(r.csat - half, 0, 100),
      ciHigh: clamp(r.csat + half, 0, 100),
      fewAnswers: few,
      distribution: dist,
      satisfied: r.satisfied,
    };
  }
  const mean = cesOf(scores).mean;
  if (mean === null)
    return { responses: 0, score: null, ciLow: null, ciHigh: null, fewAnswers: few, distribution: dist };
  const variance = n > 1 ? scores.reduce((a, s) => a + (s - mean) ** 2, 0) / (n - 1) : 0;
  const half = Z95 * Math.sqrt(variance / n);
  return {
    responses: n,
    score: mean,
    ciLow: n > 1 ? clamp(mean - half, 1, 7) : null,
    ciHigh: n > 1 ? clamp(mean + half, 1, 7) : null,
    fewAnswers: few,
    distribution: dist,
  };
}

/** The kind's score in every window, with the change against the window before. */
export function scoreSeries(
  kind: SurveyKind,
  answers: readonly ScoredAnswer[],
  windows: readonly PeriodWindow[],
): ScorePoint[] {
  let previous: number | null = null;
  return windows.map((w) => {
    const point = scoreOf(
      kind,
      inWindow(answers, w).map((a) => a.score),
    );
    const change = point.score === null || previous === null ? null : point.score - previous;
    previous = point.score;
    return { period: w.period, from: w.from, to: w.to, ...point, change };
  });
}
