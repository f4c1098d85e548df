// Reference customers: the accounts to ask for a case study, a reference call or a review (see
// src/core/reference/candidates.ts for the rule). Promoters are found first, in SQL, so a book without any skips
// the adoption and ledger reads.
import { paidStretchStart, referenceVerdict, type ReferenceFacts } from '../core/reference/candidates.ts';
import { monthKey, monthOfDay, parseDay } from '../core/period.ts';
import { adoptionReport } from './adoption.ts';
import { db, nowOf, type ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';
import { currentLedger, todayUtc } from './revenue.ts';

export interface ReferenceCandidate {
  accountKey: number;
  accountId: string;
  name: string;
  owner: string | null;
  mrrMinor: number;
  nps: number;
  npsOn: string;
  healthScore: number | null;
  adoptionLevel: 'high';
  featureUsageRate: number | null;
  tenureMonths: number;
  paidSince: string;
  reasons: string[];
}

export interface ReferenceList {
  asOf: string;
  minTenureMonths: number;
  currency: string;
  items: ReferenceCandidate[];
}

const dayText = (d: string | Date): string => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

async function latestNps(ctx: ServiceContext, today: string) {
  const rows = await db(ctx).query<{ account_id: number | string; score: number; responded_at: string | Date }>(
    `SELECT DISTINCT ON (account_id) account_id, score, responded_at FROM survey_responses
      WHERE kind = 'nps' AND NOT dismissed AND score IS NOT NULL AND account_id IS NOT NULL
        AND responded_at < ($1::date + 1)
      ORDER BY account_id, responded_at DESC, id DESC`,
    [today],
  );
  return new Map(rows.map((r) => [Number(r.account_id), { score: r.score, on: dayText(r.responded_at) }]));
}

async function latestHealth(ctx: ServiceContext, today: string, ids: number[]) {
  const rows = await db(ctx).query<{
    account_id: number | string;
    band: 'red' | 'yellow' | 'green';
    score: number | null;
  }>(
    `SELECT DISTINCT ON (account_id) account_id, band, score FROM health_scores
      WHERE day <= $1::date AND band IS NOT NULL AND account_id = ANY($2::bigint[])
      ORDER BY account_id, day DESC`,
    [today, ids],
  );
  return new Map(rows.map((r) => [Number(r.account_id), { band: r.band, score: r.score }]));
}

/** The longest minimum tenure asked for, in months (50 years). */
export const MAX_MIN_TENURE_MONTHS = 600;

/** Every reference candidate today, biggest MRR first; `owner` keeps one CSM's. */
export async function referenceCustomers({
  ctx,
  minTenureMonths = ctx.config.referenceCustomers.minTenureMonths,
  owner,
}: {
  ctx: ServiceContext;
  minTenureMonths?: number | undefined;
  owner?: string | undefined;
}): Promise<ReferenceList> {
  if (!Number.isInteger(minTenureMonths) || minTenureMonths < 0 || minTenureMonths > MAX_MIN_TENURE_MONTHS)
    throw new UsageError(
      `the minimum tenure must be a whole number of months from 0 to ${MAX_MIN_TENURE_MONTHS}, found ${minTenureMonths}`,
    );
  const today = todayUtc(nowOf(ctx));
  const month = monthOfDay(parseDay(today));
  const list: ReferenceList = { asOf: today, minTenureMonths, currency: ctx.config.reportingCurrency, items: [] };
  const nps = await latestNps(ctx, today);
  const promoters = [...nps].filter(([, n]) => n.score >= 9).map(([id]) => id);
  if (promoters.length === 0) return list;
  const health = await latestHealth(ctx, today, promoters);
  const { rows } = await adoptionReport({ ctx, asOf: today });
  const adoption = new Map(rows.map((r) => [r.id, r]));
  const ledger = await currentLedger({ ctx, asOf: today });
  const spans = new Map(ledger.customers.map((c) => [Number(c.accountId), c.history]));
  for (const id of promoters) {
    const row = adoption.get(id);
    if (!row || (owner !== undefined && row.ownerCsm !== owner)) continue;
    const facts: ReferenceFacts = {
      nps: nps.get(id) ?? null,
      health: health.get(id) ?? null,
      adoption: { level: row.level, featureUsageRate: row.featureUsageRate },
      paidSince: paidStretchStart(spans.get(id) ?? [], month),
    };
    const verdict = referenceVerdict(facts, { month, minTenureMonths });
    if (!verdict.candidate || facts.nps === null || facts.paidSince === null) continue;
    list.items.push({
      accountKey: id,
      accountId: row.externalId,
      name: row.name,
      owner: row.ownerCsm,
      mrrMinor: Math.round(row.mrrMinor),
      nps: facts.nps.score,
      npsOn: facts.nps.on,
      healthScore: facts.health?.score ?? null,
      adoptionLevel: 'high',
      featureUsageRate: row.featureUsageRate,
      tenureMonths: verdict.tenureMonths ?? 0,
      paidSince: monthKey(facts.paidSince),
      reasons: verdict.reasons,
    });
  }
  list.items.sort((a, b) => b.mrrMinor - a.mrrMinor || a.accountId.localeCompare(b.accountId));
  return list;
}
