// The churn model's answers: each account's risk (probabilities and reasons) and the latest backtest.
import { Type, type Static, type TSchema } from 'typebox';
import { Currency, DayText, Minor, Nullable, Obj, PageQuery } from './common.ts';

const Num = Nullable(Type.Number());

export const AccountRisk = Obj({
  account_id: Type.Integer(),
  name: Type.String(),
  as_of: DayText,
  horizon_days: Type.Integer(),
  churn_probability: Type.Number({ description: 'probability of MRR falling to 0 within the horizon' }),
  contraction_probability: Nullable(Type.Number({ description: 'probability of MRR falling (not to 0) within it' })),
  reasons: Type.Array(Type.String(), { description: 'what raises the risk most, in words' }),
  model: Type.String(),
  trained_at: Type.String({ description: 'when the model was trained (ISO 8601)' }),
  arr_minor: Minor,
  currency: Currency,
});
export type AccountRisk = Static<typeof AccountRisk>;

export const RiskQuery = Type.Object(PageQuery);

export const RiskList = Obj({
  total: Type.Integer({ description: 'accounts scored' }),
  items: Type.Array(AccountRisk, { description: 'most at risk first' }),
});
export type RiskList = Static<typeof RiskList>;

export const AccountRiskAnswer = Obj({
  risk: Nullable(AccountRisk),
});
export type AccountRiskAnswer = Static<typeof AccountRiskAnswer>;

const Decile = Obj({
  decile: Type.Integer(),
  count: Type.Integer(),
  positives: Type.Integer(),
  rate: Type.Number(),
  lift: Type.Number(),
});

const Bin = Obj({
  low: Type.Number(),
  high: Type.Number(),
  count: Type.Integer(),
  meanPredicted: Type.Number(),
  observedRate: Type.Number(),
});

const Fold = Obj({
  as_of: DayText,
  train_rows: Type.Integer(),
  rows: Type.Integer(),
  positives: Type.Integer(),
  auc: Num,
});

export const ScorerResult = Obj({
  name: Type.String(),
  kind: Type.Union([Type.Literal('model'), Type.Literal('scorecard'), Type.Literal('baseline')]),
  auc: Num,
  pr_auc: Num,
  logloss: Num,
  brier: Num,
  ece: Num,
  rows: Type.Integer(),
  positives: Type.Integer(),
  churn_rate: Num,
  deciles: Type.Array(Decile),
  reliability: Type.Array(Bin),
  folds: Type.Array(Fold),
  bands: Type.Optional(Type.Array(Obj({ band: Type.String(), count: Type.Integer(), rate: Num }))),
});
export type ScorerResult = Static<typeof ScorerResult>;

export const BacktestReport = Obj({
  as_of: DayText,
  horizon_days: Type.Integer(),
  target: Type.Literal('churn'),
  months: Type.Array(DayText),
  rows: Type.Integer(),
  churn_rate: Num,
  results: Type.Array(ScorerResult),
  contraction: Type.Array(ScorerResult),
  findings: Type.Array(
    Obj({ name: Type.String(), auc: Num, red_rate: Num, green_rate: Num, reasons: Type.Array(Type.String()) }),
  ),
  suggestion: Nullable(Type.Array(Obj({ feature: Type.String(), weight: Type.Number() }))),
});
export type BacktestReport = Static<typeof BacktestReport>;

/** A model target's latest stored backtest (null before the first), with its report. */
export const latestBacktestOf = <T extends TSchema>(report: T) =>
  Obj({ backtest: Nullable(Obj({ id: Type.Integer(), created_at: Type.String(), report })) });

export const LatestBacktest = latestBacktestOf(BacktestReport);
export type LatestBacktest = Static<typeof LatestBacktest>;
