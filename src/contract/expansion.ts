// Expansion propensity over HTTP: each CSM's candidates with the suggested move and its MRR, one account's
// propensity, and the latest backtest against the seat-utilization baseline.
import { Type, type Static } from 'typebox';
import { latestBacktestOf, ScorerResult } from './churn.ts';
import { Currency, DayText, integerInput, Minor, Nullable, Obj } from './common.ts';

const Num = Nullable(Type.Number());

export const ExpansionCandidate = Obj({
  account_id: Type.Integer(),
  name: Type.String(),
  owner: Type.String({ description: "the owner's email when linked to a user, else the owner's name; '' for none" }),
  as_of: DayText,
  horizon_days: Type.Integer(),
  probability: Type.Number({ description: 'probability of an expansion movement within the horizon' }),
  reasons: Type.Array(Type.String(), { description: 'why this account is likely to expand, in words' }),
  move_kind: Nullable(Type.Union([Type.Literal('seats'), Type.Literal('plan')])),
  suggested_move: Nullable(Type.String({ description: 'the move in words: "add 3 seats", "upgrade from A to B"' })),
  expansion_mrr_minor: Nullable(Minor),
  expected_mrr_minor: Nullable(Minor),
  currency: Currency,
  model: Type.String(),
  trained_at: Type.String({ description: 'when the model was trained (ISO 8601)' }),
});
export type ExpansionCandidate = Static<typeof ExpansionCandidate>;

export const CandidatesQuery = Type.Object({
  owner: Type.Optional(Type.String({ maxLength: 320, description: "only this owner (email or the owner's name)" })),
  limit: Type.Optional(integerInput({ minimum: 1, maximum: 1000, description: 'accounts per owner, at most' })),
});

export const CandidateList = Obj({
  as_of: Nullable(DayText),
  currency: Currency,
  owners: Type.Array(
    Obj({
      owner: Type.String(),
      candidates: Type.Integer(),
      expansion_mrr_minor: Minor,
      expected_mrr_minor: Minor,
    }),
  ),
  items: Type.Array(ExpansionCandidate, { description: 'by owner, likeliest first' }),
});
export type CandidateList = Static<typeof CandidateList>;

export const AccountExpansionAnswer = Obj({ propensity: Nullable(ExpansionCandidate) });
export type AccountExpansionAnswer = Static<typeof AccountExpansionAnswer>;

export const ExpansionBacktestReport = Obj({
  as_of: DayText,
  horizon_days: Type.Integer(),
  target: Type.Literal('expansion'),
  months: Type.Array(DayText),
  rows: Type.Integer(),
  expansion_rate: Num,
  results: Type.Array(ScorerResult),
});
export type ExpansionBacktestReport = Static<typeof ExpansionBacktestReport>;

export const LatestExpansionBacktest = latestBacktestOf(ExpansionBacktestReport);
export type LatestExpansionBacktest = Static<typeof LatestExpansionBacktest>;
