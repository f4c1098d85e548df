// The configured health scorecards as a backtest scorer: each account scored at each month end the backtest reads,
// by the scorecard that applies to it then (stored ones, or the built-in default), from the signals of that day.
import type { Scorer } from '../../core/health/backtest.ts';
import { chooseScorecard, scoreAccount } from '../../core/health/scorecard.ts';
import { formatDay, lastDayOfMonth, type DayNumber } from '../../core/period.ts';
import type { ServiceContext } from '../context.ts';
import { storedScorecards } from '../health/scorecards.ts';
import { computeSignals } from '../health/signals.ts';
import type { ChurnData } from './features.ts';

/** Month ends scored, newest first: the backtest's window and the months before it that calibrate its bands. */
export const SCORECARD_MONTHS = 24;

export async function healthScorecardScorers(ctx: ServiceContext, data: ChurnData): Promise<Scorer[]> {
  const cards = (await storedScorecards(ctx)).map((s) => s.card);
  const months = [...new Set(data.rows.map((r) => r.month))].sort((a, b) => b - a).slice(0, SCORECARD_MONTHS);
  const scores = new Map<DayNumber, Map<number, { score: number; band: 'red' | 'yellow' | 'green' }>>();
  for (const month of months) {
    const day = lastDayOfMonth(month);
    const byAccount = new Map<number, { score: number; band: 'red' | 'yellow' | 'green' }>();
    for (const account of await computeSignals(ctx, formatDay(day))) {
      const s = scoreAccount(chooseScorecard(cards, account.traits), account.values);
      if (s.score !== null && s.band !== null) byAccount.set(account.accountId, { score: s.score, band: s.band });
    }
    scores.set(day, byAccount);
  }
  return [
    {
      kind: 'scorecard',
      name: 'health_score',
      score: (accountId, asOfDay) => scores.get(asOfDay)?.get(accountId) ?? null,
    },
  ];
}
