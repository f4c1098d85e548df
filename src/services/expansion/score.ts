// Daily expansion scoring (job `expansion.score`): a model trained on every month end whose horizon is over,
// scoring each paying account as of today — the probability of expanding within the horizon, why in words,
// and the move to suggest with the MRR it would add. Read by /api/v1/expansion/… and `tenure expansion`.
import { trainingRows, trainingSet } from '../../core/health/backtest.ts';
import { expansionFeatures, featuresBeyondPlan, seatsOn } from '../../core/health/expansion-features.ts';
import { planLadder, suggestMove, type CandidateState } from '../../core/health/expansion-moves.ts';
import { expansionReasons } from '../../core/health/expansion-reasons.ts';
import { mrrIn, pointInTimeFeatures, usageWindow, type PointInTime } from '../../core/health/features.ts';
import { monthOfDay, parseDay, type DayNumber } from '../../core/period.ts';
import { TRAINERS } from '../../core/predict/index.ts';
import type { Trainer } from '../../core/predict/types.ts';
import { latestExpansionBacktest, replacePropensity, type PropensityRow } from '../../store/expansion.ts';
import { audit } from '../audit.ts';
import { withTransaction, type ServiceContext } from '../context.ts';
import { todayUtc } from '../revenue.ts';
import type { ExpansionBacktestReport } from './backtest.ts';
import { loadExpansionData } from './backtest.ts';
import type { ChurnData } from '../churn/features.ts';
import { bestTrainer } from '../churn/risk.ts';

/** The trainer with the best ROC AUC in the latest expansion backtest, else the first one Tenure offers. */
async function chosenTrainer(ctx: ServiceContext, trainers: readonly Trainer[]): Promise<Trainer> {
  const last = await latestExpansionBacktest(ctx.store);
  return bestTrainer((last?.result as ExpansionBacktestReport | undefined)?.results ?? [], trainers);
}

export interface ExpansionScoreSummary {
  as_of: string;
  model: string;
  accounts: number;
  training_rows: number;
  trained_at: string;
}

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
}): Promise<ExpansionScoreSummary> {
  const data = await loadExpansionData(ctx, asOf);
  const trainer = await chosenTrainer(ctx, trainers);
  const train = trainingRows(data.rows, data.lastCompleteMonth, data.horizonMonths, 'expansion');
  const set = trainingSet(data.featureNames, train, 'expansion');
  const model = set.labels.includes(1) && set.labels.includes(0) ? trainer.fit(set, { seed: 1 }) : null;
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
  await withTransaction(ctx, async (tx) => {
    await replacePropensity(tx.tx, scored);
    await audit(tx.tx, ctx, 'expansion.score', null, { as_of: asOf, accounts: scored.length, model: trainer.name });
  });
  return {
    as_of: asOf,
    model: trainer.name,
    accounts: scored.length,
    training_rows: train.length,
    trained_at: trainedAt,
  };
}
