// Scoring: every account paying on a day scored with the scorecard that applies to it, one row per account and
// day (rescoring the same day replaces it), and one health.changed per account whose band changed.
import { signalOf } from '../../core/health/measures.ts';
import { chooseScorecard, scoreAccount, type HealthScore } from '../../core/health/scorecard.ts';
import { latestBands, upsertScores, type ScoreRow } from '../../store/health.ts';
import { accountNames } from '../../store/webhooks.ts';
import { audit } from '../audit.ts';
import { nowOf, type ServiceContext } from '../context.ts';
import { todayUtc } from '../revenue.ts';
import { emitEvents } from '../webhooks/events.ts';
import { storedScorecards } from './scorecards.ts';
import { computeSignals } from './signals.ts';

export interface ScoringResult {
  day: string;
  scored: number;
  /** Accounts whose band differs from their previous score's (each raised health.changed). */
  changed: number;
}

/** What a day's row keeps of a score: its groups and measure grades. */
export function storedMeasures(s: HealthScore) {
  return {
    groups: s.groups,
    measures: s.measures.map((m) => ({
      signal: m.signal,
      group: m.group,
      value: m.value,
      band: m.band,
      points: m.points,
      weight: Math.round(m.effectiveWeight * 10_000) / 10_000,
    })),
  };
}

/** Scores every paying account as of `day` (today by the context's clock). */
export async function scoreAccounts({ ctx, day }: { ctx: ServiceContext; day?: string }): Promise<ScoringResult> {
  const asOf = day ?? todayUtc(nowOf(ctx));
  const accounts = await computeSignals(ctx, asOf);
  const cards = (await storedScorecards(ctx)).map((s) => s.card);
  const rows: ScoreRow[] = accounts.map((a) => {
    const s = scoreAccount(chooseScorecard(cards, a.traits), a.values);
    return {
      accountId: a.accountId,
      day: asOf,
      scorecard: s.scorecard,
      score: s.score,
      band: s.band,
      measures: storedMeasures(s),
      missing: s.missing,
      forcedBy: s.forcedBy,
    };
  });
  return ctx.store.transaction(async (tx) => {
    const before = await latestBands(tx, asOf);
    const changes = rows.filter((r) => before.has(r.accountId) && before.get(r.accountId) !== r.band);
    await upsertScores(tx, rows, nowOf(ctx));
    if (changes.length > 0) {
      const names = await accountNames(
        tx,
        changes.map((c) => c.accountId),
      );
      await emitEvents(
        { store: tx, now: () => nowOf(ctx) },
        'health.changed',
        changes.map((c) => ({
          accountId: c.accountId,
          externalId: names.get(c.accountId)?.externalId ?? null,
          name: names.get(c.accountId)?.name ?? null,
          day: asOf,
          from: before.get(c.accountId) ?? null,
          to: c.band,
          score: c.score,
          scorecard: c.scorecard,
          reasons: reasonsOf(c),
        })),
        { tx },
      );
    }
    await audit(tx, ctx, 'health.score', null, { day: asOf, scored: rows.length, changed: changes.length });
    return { day: asOf, scored: rows.length, changed: changes.length };
  });
}

/** The red, then yellow measures of a row, heaviest first, named. */
export function reasonsOf(row: Pick<ScoreRow, 'measures'>): { signal: string; band: string; name: string }[] {
  const measures = (row.measures as ReturnType<typeof storedMeasures>).measures;
  return measures
    .filter((m) => m.band === 'red' || m.band === 'yellow')
    .sort((a, b) => (a.band === b.band ? b.weight - a.weight : a.band === 'red' ? -1 : 1))
    .map((m) => ({ signal: m.signal, band: m.band ?? 'red', name: signalOf(m.signal)?.name ?? m.signal }));
}
