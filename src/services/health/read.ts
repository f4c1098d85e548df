// Reads of account health: the scores of the latest scored day (filter, sort, page), one account's health with its
// history and measure grades, and the summary (bands, movement over 30 days, ARR at risk, accounts most at risk).
import type {
  AccountHealth,
  HealthScoreItem,
  HealthSummary,
  MeasureGrade,
  Reason,
  ScoresPage,
  ScoresQuery,
} from '../../contract/health-scores.ts';
import { mrrInMonth } from '../../core/adoption/segments.ts';
import { describeValue, signalOf } from '../../core/health/measures.ts';
import { DEFAULT_SCORECARD, type Band } from '../../core/health/scorecard.ts';
import { monthOfDay, parseDay } from '../../core/period.ts';
import {
  accountScores,
  bandCountsByDay,
  latestScoredDay,
  readSentiments,
  scoreMapOn,
  scoresOn,
  type StoredScore,
} from '../../store/health.ts';
import { accountProfiles } from '../account-directory.ts';
import { nowOf, type ServiceContext } from '../context.ts';
import { currentLedger, todayUtc } from '../revenue.ts';
import type { storedMeasures } from './score.ts';
import { storedScorecards } from './scorecards.ts';

type Stored = ReturnType<typeof storedMeasures>;
const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const rank = (band: string | null) => (band === 'red' ? 0 : band === 'yellow' ? 1 : band === 'green' ? 2 : 3);

function reasons(row: StoredScore): Reason[] {
  const { measures } = row.measures as Stored;
  return measures
    .filter((m): m is typeof m & { band: 'red' | 'yellow' } => m.band === 'red' || m.band === 'yellow')
    .sort((a, b) => rank(a.band) - rank(b.band) || b.weight - a.weight)
    .map((m) => ({
      signal: m.signal,
      name: signalOf(m.signal)?.name ?? m.signal,
      band: m.band,
      text: describeValue(m.signal, m.value),
    }));
}

/** Rows of the latest scored day (on or before today) as list items, with trends and ARR. */
async function dayItems(ctx: ServiceContext): Promise<{ day: string | null; items: HealthScoreItem[] }> {
  const today = todayUtc(nowOf(ctx));
  const day = await latestScoredDay(ctx.store, today);
  if (day === null) return { day, items: [] };
  const [rows, week, month, profiles, ledger] = [
    await scoresOn(ctx.store, day),
    await scoreMapOn(ctx.store, shift(day, -7)),
    await scoreMapOn(ctx.store, shift(day, -30)),
    await accountProfiles(ctx),
    await currentLedger({ ctx, asOf: day }),
  ];
  const m = monthOfDay(parseDay(day));
  const mrr = new Map(ledger.customers.map((c) => [Number(c.accountId), mrrInMonth(c, m)]));
  const trend = (score: number | null, then: { score: number | null } | undefined) =>
    score === null || then?.score === null || then === undefined ? null : score - (then.score ?? 0);
  const items = rows.map((r): HealthScoreItem => {
    const p = profiles.get(r.accountId);
    return {
      accountId: r.accountId,
      externalId: p?.externalId ?? String(r.accountId),
      name: p?.name ?? String(r.accountId),
      segment: p?.segment ?? null,
      ownerCsm: p?.ownerCsm ?? null,
      day,
      scorecard: r.scorecard,
      score: r.score,
      band: r.band,
      trend7: trend(r.score, week.get(r.accountId)),
      trend30: trend(r.score, month.get(r.accountId)),
      arrMinor: (mrr.get(r.accountId) ?? 0) * 12,
      currency: ctx.config.reportingCurrency,
      reasons: reasons(r),
    };
  });
  return { day, items };
}

const byRisk = (a: HealthScoreItem, b: HealthScoreItem) =>
  (a.score ?? 101) - (b.score ?? 101) || b.arrMinor - a.arrMinor || a.accountId - b.accountId;

export async function listScores({ ctx, query }: { ctx: ServiceContext; query: ScoresQuery }): Promise<ScoresPage> {
  const { day, items } = await dayItems(ctx);
  let rows = items;
  if (query.band) rows = rows.filter((r) => r.band === query.band);
  if (query.segment !== undefined) rows = rows.filter((r) => (r.segment ?? '(none)') === query.segment);
  const sort = query.sort ?? 'score';
  rows.sort(
    sort === 'arr'
      ? (a, b) => b.arrMinor - a.arrMinor || a.accountId - b.accountId
      : sort === 'name'
        ? (a, b) => a.name.localeCompare(b.name) || a.accountId - b.accountId
        : byRisk,
  );
  const offset = query.offset ?? 0;
  return { day, total: rows.length, items: rows.slice(offset, offset + (query.limit ?? 50)) };
}

export async function healthSummary({ ctx }: { ctx: ServiceContext }): Promise<HealthSummary> {
  const { day, items } = await dayItems(ctx);
  const currency = ctx.config.reportingCurrency;
  const bands: (Band | null)[] = ['red', 'yellow', 'green', null];
  const distribution = bands.map((band) => {
    const inBand = items.filter((i) => i.band === band);
    return { band, accounts: inBand.length, arrMinor: inBand.reduce((s, i) => s + i.arrMinor, 0) };
  });
  const empty = { from: null, to: null, changes: [] };
  if (day === null) {
    return { day, currency, scored: 0, distribution, arrAtRiskMinor: 0, movement: empty, history: [], atRisk: [] };
  }
  const from = shift(day, -30);
  const then = await scoreMapOn(ctx.store, from);
  const changes = new Map<string, { from: Band | null; to: Band | null; accounts: number; arrMinor: number }>();
  for (const i of items) {
    const was = (then.get(i.accountId)?.band ?? null) as Band | null;
    const key = `${was}>${i.band}`;
    const entry = changes.get(key) ?? { from: was, to: i.band, accounts: 0, arrMinor: 0 };
    entry.accounts += 1;
    entry.arrMinor += i.arrMinor;
    changes.set(key, entry);
  }
  const counts = await bandCountsByDay(ctx.store, from, day);
  const history = new Map<string, { day: string; red: number; yellow: number; green: number }>();
  for (const c of counts) {
    const entry = history.get(c.day) ?? { day: c.day, red: 0, yellow: 0, green: 0 };
    if (c.band === 'red' || c.band === 'yellow' || c.band === 'green') entry[c.band] += c.accounts;
    history.set(c.day, entry);
  }
  return {
    day,
    currency,
    scored: items.length,
    distribution,
    arrAtRiskMinor: distribution[0]?.arrMinor ?? 0,
    movement: {
      from,
      to: day,
      changes: [...changes.values()].sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to)),
    },
    history: [...history.values()],
    atRisk: items
      .filter((i) => i.band === 'red' || i.band === 'yellow')
      .sort((a, b) => rank(a.band) - rank(b.band) || byRisk(a, b))
      .slice(0, 10),
  };
}

export async function accountHealth({
  ctx,
  accountId,
  days = 180,
}: {
  ctx: ServiceContext;
  accountId: number;
  days?: number;
}): Promise<AccountHealth> {
  const today = todayUtc(nowOf(ctx));
  const rows = (await accountScores(ctx.store, accountId, shift(today, -days))).filter((r) => r.day <= today);
  const [sentiment] = await readSentiments(ctx.store, accountId);
  const last = rows.at(-1);
  const at = (d: string) => rows.find((r) => r.day === d)?.score ?? null;
  const delta = (d: string) => {
    const before = at(d);
    return last?.score === null || last === undefined || before === null ? null : last.score - before;
  };
  const cards = (await storedScorecards(ctx)).map((s) => s.card);
  const card = [...cards, DEFAULT_SCORECARD].find((c) => c.key === last?.scorecard);
  const stored = last?.measures as Stored | undefined;
  const measures: MeasureGrade[] = (stored?.measures ?? []).map((m) => ({
    signal: m.signal,
    name: signalOf(m.signal)?.name ?? m.signal,
    group: m.group,
    value: m.value,
    text: describeValue(m.signal, m.value),
    band: m.band,
    points: m.points,
    weight: m.weight,
  }));
  return {
    accountId,
    latest:
      last === undefined
        ? null
        : {
            day: last.day,
            scorecard: last.scorecard,
            scorecardName: card?.name ?? last.scorecard,
            score: last.score,
            band: last.band,
            trend7: delta(shift(last.day, -7)),
            trend30: delta(shift(last.day, -30)),
            forcedBy: last.forcedBy,
            missing: last.missing,
            groups: (stored?.groups ?? []).map((g) => ({
              ...g,
              name: card?.groups.find((x) => x.key === g.key)?.name ?? g.key,
            })),
            measures,
          },
    history: rows.map((r) => ({ day: r.day, score: r.score, band: r.band })),
    sentiment: sentiment
      ? {
          sentiment: sentiment.sentiment,
          until: sentiment.until,
          note: sentiment.note,
          setBy: sentiment.setBy,
          setAt: sentiment.setAt,
          expired: sentiment.until < today,
        }
      : null,
  };
}
