// Reference customers (标杆案例): accounts worth asking for a case study, a call with a prospect or a review. An
// account is a candidate when all four hold: a promoter (latest NPS answer 9 or 10), healthy (latest health band
// green), highly adopted (adoption level high) and a customer long enough (the current paid stretch began at least
// `minTenureMonths` months ago). Pure: the facts come in, the verdict and its reasons go out.
import { monthKey, type MonthIndex } from '../period.ts';

export const DEFAULT_MIN_TENURE_MONTHS = 12;
export const PROMOTER_MIN_SCORE = 9;

export interface ReferenceFacts {
  /** The latest NPS answer (0–10) and its day, null without one. */
  nps: { score: number; on: string } | null;
  /** The latest health band and score on or before today. */
  health: { band: 'red' | 'yellow' | 'green'; score: number | null } | null;
  adoption: { level: 'low' | 'mid' | 'high' | null; featureUsageRate: number | null } | null;
  /** First month of the paid stretch running today (a customer who left and came back starts again). */
  paidSince: MonthIndex | null;
}

export interface ReferenceVerdict {
  candidate: boolean;
  tenureMonths: number | null;
  /** Why it qualifies, one line per criterion met. */
  reasons: string[];
  /** The criteria not met (shown when asked why an account is not listed). */
  missing: string[];
}

const percent = (r: number | null) => (r === null ? '' : ` (feature usage ${Math.round(r * 100)}%)`);

/** The first month of the paid stretch that includes `month` (spans in month order, end exclusive). */
export function paidStretchStart(
  spans: readonly { startMonth: MonthIndex; endMonth: MonthIndex; mrrMinor: number }[],
  month: MonthIndex,
): MonthIndex | null {
  const paid = spans.filter((s) => s.mrrMinor > 0);
  let i = paid.findIndex((s) => s.startMonth <= month && month < s.endMonth);
  if (i < 0) return null;
  while (i > 0 && paid[i - 1]?.endMonth === paid[i]?.startMonth) i -= 1;
  return paid[i]?.startMonth ?? null;
}

export function referenceVerdict(
  facts: ReferenceFacts,
  { month, minTenureMonths }: { month: MonthIndex; minTenureMonths: number },
): ReferenceVerdict {
  const reasons: string[] = [];
  const missing: string[] = [];
  const { nps, health, adoption, paidSince } = facts;
  if (nps && nps.score >= PROMOTER_MIN_SCORE) reasons.push(`promoter: NPS ${nps.score} on ${nps.on}`);
  else missing.push(nps ? `latest NPS ${nps.score} (a promoter answers 9 or 10)` : 'no NPS answer');
  if (health?.band === 'green')
    reasons.push(`healthy: health green${health.score === null ? '' : ` (${health.score})`}`);
  else missing.push(health ? `health ${health.band}` : 'not scored for health');
  if (adoption?.level === 'high') reasons.push(`highly adopted: adoption high${percent(adoption.featureUsageRate)}`);
  else missing.push(`adoption ${adoption?.level ?? 'not measured'}`);
  const tenureMonths = paidSince === null ? null : month - paidSince;
  if (tenureMonths !== null && tenureMonths >= minTenureMonths)
    reasons.push(`customer for ${tenureMonths} months (since ${monthKey(paidSince ?? month)})`);
  else
    missing.push(
      tenureMonths === null
        ? 'not paying today'
        : `customer for ${tenureMonths} months (fewer than ${minTenureMonths})`,
    );
  return { candidate: missing.length === 0, tenureMonths, reasons, missing };
}
