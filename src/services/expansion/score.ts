// Daily expansion scoring (job `expansion.score`): a model trained on every month end whose horizon is over,
// scoring each paying account as of today — the probability of expanding within the horizon, why in words,
// and the move to suggest with the MRR it would add. Read by /api/v1/expansion/… and `tenure expansion`.
import { expansionFeatures, featuresBeyondPlan, seatsOn } from '../../core/health/expansion-features.ts';
import { planLadder, suggestMove, type CandidateState } from '../../core/health/expansion-moves.ts';
import { expansionReasons } from '../../core/health/expansion-reasons.ts';
import { mrrIn, pointInTimeFeatures, usageWindow, type PointInTime } from '../../core/health/features.ts';
import { monthOfDay, type DayNumber } from '../../core/period.ts';
import { replacePropensity, type PropensityRow } from '../../store/expansion.ts';
import type { ChurnData } from '../churn/features.ts';
import { fitLabel, scoreTarget, type ScoreOptions, type ScoreSummary, type ScoringRun } from '../model/score.ts';
import { EXPANSION_TARGET } from './backtest.ts';

/** Each paying account's state today, for pricing its move. */
function statesOf(data: ChurnData, asOfDay: DayNumber): Map<number, { at: PointInTime; state: CandidateState }> {
  const month = monthOfDay(asOfDay);
  const states = new Map<number, { at: PointInTime; state: CandidateState }>();
  for (const history of data.histories) {
    const ledger = data.latest.get(history.accountId);
    if (!ledger) continue;
    const { mrr, plan } = mrrIn(ledger, month);
    if (mrr <= 0) continue;
    const at = { history, ledger, asOfDay };
    const seats = seatsOn(history.periods, asOfDay);
    const state: CandidateState = {
      plan,
      seats: Number.isNaN(seats) ? null : seats,
      activeUsers: usageWindow(history.usage, asOfDay, 30).users,
      mrrMinor: mrr,
      featuresBeyondPlan: featuresBeyondPlan(at, data.settings).length,
    };
    states.set(history.accountId, { at, state });
  }
  return states;
}

/** Trains on the history and rescores every paying account as of `asOf`, replacing the stored propensity. */
export function scoreExpansion(options: ScoreOptions): Promise<ScoreSummary> {
  const currency = options.ctx.config.reportingCurrency;
  return scoreTarget(EXPANSION_TARGET, options, (run) => scorePropensity(run, currency), replacePropensity);
}

/** Each paying account's probability of expanding, why, and the move to suggest priced in `currency`. */
function scorePropensity(
  { data, trainer, asOf, asOfDay, trainedAt }: ScoringRun,
  currency: string,
): { rows: PropensityRow[]; trainingRows: number } {
  const { model, trainingRows } = fitLabel(data, trainer, 'expansion');
  const states = statesOf(data, asOfDay);
  const ladder = planLadder([...states.values()].map((s) => s.state));
  const scored: PropensityRow[] = [];
  // No model (the history holds no expansion, or nothing but): nothing is scored.
  for (const [accountId, { at, state }] of model ? states : []) {
    if (model === null) continue;
    const values = [...pointInTimeFeatures(at, data.settings), ...expansionFeatures(at, data.settings)];
    const move = suggestMove(state, ladder);
    scored.push({
      account_id: accountId,
      as_of: asOf,
      horizon_days: data.horizonDays,
      probability: model.predict(values),
      reasons: expansionReasons(data.featureNames, values, model.explain(values), asOfDay),
      move_kind: move?.kind ?? null,
      suggested_move: move?.text ?? null,
      expansion_mrr_minor: move?.mrrMinor ?? null,
      currency,
      model: model.name,
      trained_at: trainedAt,
    });
  }
  return { rows: scored, trainingRows };
}
