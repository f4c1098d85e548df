// Survey metrics, pure: NPS (with a 95% confidence interval), CSAT (top-2-box) and CES (mean), by month or quarter.
// Dismissals and answers without a score never enter a metric.

export const SURVEY_KINDS = ['nps', 'csat', 'ces'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

/** The scores each kind asks for: NPS 0–10, CSAT 1–5, CES 1–7. */
export const SCORE_RANGES: Readonly<Record<SurveyKind, readonly [number, number]>> = {
  nps: [0, 10],
  csat: [1, 5],
  ces: [1, 7],
};

/** Fewer answers than this and an NPS is flagged as too uncertain to act on. */
export const NPS_MIN_ANSWERS = 30;

/** 1.96: the normal quantile of a two-sided 95% interval. */
const Z95 = 1.96;

export interface Answer {
  score: number | null;
  dismissed: boolean;
  /** ISO timestamp (UTC). */
  respondedAt: string;
}

/** The scores that count: answered, not dismissed. */
export function countedScores(answers: readonly Answer[]): number[] {
  return answers.flatMap((a) => (a.dismissed || a.score === null ? [] : [a.score]));
}

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

export function npsCategory(score: number): NpsCategory {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

export interface NpsResult {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, from −100 to 100; null without answers. */
  nps: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Under 30 answers. */
  fewAnswers: boolean;
}

const clip = (x: number) => Math.min(100, Math.max(-100, x));

/**
 * NPS of 0–10 scores. Its 95% interval treats each answer as +1 (promoter), 0 (passive) or −1 (detractor): with
 * shares p and q of promoters and detractors the variance is p + q − (p − q)², the standard error
 * sqrt(variance / n), and the interval NPS ± 1.96 · se · 100, clipped to [−100, 100].
 */
export function npsOf(scores: readonly number[]): NpsResult {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const score of scores) {
    const category = npsCategory(score);
    if (category === 'promoter') promoters++;
    else if (category === 'passive') passives++;
    else detractors++;
  }
  const n = scores.length;
  const base = { responses: n, promoters, passives, detractors, fewAnswers: n < NPS_MIN_ANSWERS };
  if (n === 0) return { ...base, nps: null, ciLow: null, ciHigh: null };
  const p = promoters / n;
  const q = detractors / n;
  const nps = ((promoters - detractors) * 100) / n;
  const se = Math.sqrt(Math.max(0, p + q - (p - q) ** 2) / n);
  return { ...base, nps, ciLow: clip(nps - Z95 * se * 100), ciHigh: clip(nps + Z95 * se * 100) };
}

export interface CsatResult {
  responses: number;
  /** Answers of 4 or 5. */
  satisfied: number;
  /** Share satisfied, 0–100; null without answers. */
  csat: number | null;
}

/** CSAT of 1–5 scores: the share answering 4 or 5 (top-2-box). */
export function csatOf(scores: readonly number[]): CsatResult {
  const satisfied = scores.filter((s) => s >= 4).length;
  const n = scores.length;
  return { responses: n, satisfied, csat: n === 0 ? null : (satisfied * 100) / n };
}

export interface CesResult {
  responses: number;
  /** Mean of 1–7 scores; null without answers. */
  mean: number | null;
}

export function cesOf(scores: readonly number[]): CesResult {
  const n = scores.length;
  return { responses: n, mean: n === 0 ? null : scores.reduce((a, b) => a + b, 0) / n };
}

export const SURVEY_INTERVALS = ['month', 'quarter'] as const;
export type SurveyInterval = (typeof SURVEY_INTERVALS)[number];

/** The period of a UTC timestamp or day: `YYYY-MM`, or `YYYY-Qn`. */
export function periodOf(timestamp: string, interval: SurveyInterval): string {
  const year = timestamp.slice(0, 4);
  const month = Number(timestamp.slice(5, 7));
  return interval === 'month' ? timestamp.slice(0, 7) : `${year}-Q${Math.ceil(month / 3)}`;
}

/** Every period from `first` through `last` (both labels of one interval), in order. */
export function periodsBetween(first: string, last: string, interval: SurveyInterval): string[] {
  const index = (label: string) => {
    const year = Number(label.slice(0, 4));
    return interval === 'month' ? year * 12 + Number(label.slice(5, 7)) - 1 : year * 4 + Number(label.slice(6)) - 1;
  };
  const label = (i: number) => {
    const per = interval === 'month' ? 12 : 4;
    const year = String(Math.floor(i / per)).padStart(4, '0');
    const part = (i % per) + 1;
    return interval === 'month' ? `${year}-${String(part).padStart(2, '0')}` : `${year}-Q${part}`;
  };
  const out: string[] = [];
  for (let i = index(first); i <= index(last); i++) out.push(label(i));
  return out;
}

/**
 * Counted scores by period, every period from the first answer's through `lastPeriod` (empty ones included);
 * answers after `lastPeriod` are left out.
 */
export function scoresByPeriod(
  answers: readonly Answer[],
  interval: SurveyInterval,
  lastPeriod: string,
): { period: string; scores: number[] }[] {
  const byPeriod = new Map<string, number[]>();
  for (const a of answers) {
    if (a.dismissed || a.score === null) continue;
    const period = periodOf(a.respondedAt, interval);
    if (period > lastPeriod) continue;
    const list = byPeriod.get(period) ?? [];
    list.push(a.score);
    byPeriod.set(period, list);
  }
  const first = [...byPeriod.keys()].sort()[0];
  if (first === undefined) return [];
  return periodsBetween(first, lastPeriod, interval).map((period) => ({ period, scores: byPeriod.get(period) ?? [] }));
}
