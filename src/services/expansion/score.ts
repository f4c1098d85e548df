// Daily expansion scoring (job `expansion.score`): a model trained on every month end whose horizon is over,
// scoring each paying account as of today — the probability of expanding within the horizon, why in words,
// and the move to suggest with the MRR it would add. Read by /api/v1/expansion/… and `tenure expansion`.
import { expansionFeatures, featuresBeyondPlan, seatsOn } from '../../core/health/expansion-features.ts';
import { planLadder, suggestMove, type CandidateState } from '../../core/health/expansion-moves.ts';
import { expansionReasons } from '../../core/health/expansion-reasons.ts';
import { mrrIn, pointInTimeFeatures, usageWindow, type PointInTime } from '../../core/health/features.ts';
import { monthOfDay, parseDay, type DayNumber } from '../../core/period.ts';
import { TRAINERS } from '../../core/predict/index.ts';
import type { Trainer } from '../../core/predict/types.ts';
import { replacePropensity, type PropensityRow } from '../../store/expansion.ts';
import type { ServiceContext } from '../context.ts';
import { todayUtc } from '../revenue.ts';
import type { ChurnData } from '../churn/features.ts';
import { chosenTrainer, fitLabel, saveScores, type ScoreSummary } from '../model/score.ts';
import { EXPANSION_TARGET, loadExpansionData } from './backtest.ts';

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
export async function scoreExpansion({
  ctx,
  asOf = todayUtc(ctx.now()),
  trainers = TRAINERS,
}: {
  ctx: ServiceContext;
  asOf?: string;
  trainers?: readonly Trainer[];
}): Promise<ScoreSummary> {
  const data = await loadExpansionData(ctx, asOf);
  const trainer = await chosenTrainer(ctx, EXPANSION_TARGET, trainers);
  const { model, trainingRows } = fitLabel(data, trainer, 'expansion');
  const trainedAt = ctx.now().toISOString();
  const asOfDay = parseDay(asOf);
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
      currency: ctx.config.reportingCurrency,
      model: model.name,
      trained_at: trainedAt,
    });
  }
  await saveScores(ctx, EXPANSION_TARGET, { as_of: asOf, accounts: scored.length, model: trainer.name }, (tx) =>
    replacePropensity(tx, scored),
  );
  return {
    as_of: asOf,
    model: trainer.name,
    accounts: scored.length,
    training_rows: trainingRows,
    trained_at: trainedAt,
  };
}
