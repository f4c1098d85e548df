// Survey insight: NPS, CSAT and CES over time with intervals, answers and their comments, frequent terms, revenue
// retention by NPS category, and one account's answers.
import { Type, type Static } from 'typebox';
import {
  Currency,
  DayText,
  dayInput,
  integerInput,
  Minor,
  MonthText,
  Nullable,
  Obj,
  PageQuery,
  Ratio,
} from './common.ts';
import { AsOf, RevenueDimensionSchema } from './segments.ts';

export const SERIES_INTERVALS = ['month', 'quarter', 't90d'] as const;
export const KINDS = ['nps', 'csat', 'ces'] as const;
export const CATEGORIES = ['promoter', 'passive', 'detractor'] as const;
const Kind = Type.Enum(KINDS, { description: 'nps (0–10), csat (1–5) or ces (1–7)' });
const Category = Type.Enum(CATEGORIES, { description: 'NPS category: promoter 9–10, passive 7–8, detractor 0–6' });
const SurveyName = Type.Optional(
  Type.String({ minLength: 1, maxLength: 200, description: "only this survey's answers (its name)" }),
);

export const SurveyMetricsQuery = Type.Object({
  asOf: AsOf,
  interval: Type.Optional(
    Type.Enum(SERIES_INTERVALS, {
      description: 'month, quarter, or t90d (the 90 days ending each month, and asOf); default month',
    }),
  ),
  by: Type.Optional(RevenueDimensionSchema),
  survey: SurveyName,
  kind: Type.Optional(Kind),
});
export type SurveyMetricsQuery = Static<typeof SurveyMetricsQuery>;

const Score = Nullable(Type.Number());
export const ScorePoint = Obj({
  period: Type.String({ description: 'YYYY-MM, YYYY-Qn, or (t90d) the YYYY-MM of the window’s last day' }),
  from: DayText,
  to: DayText,
  responses: Type.Integer({ description: 'answers counted (dismissals never are)' }),
  score: Nullable(Type.Number({ description: 'NPS −100..100, CSAT % of 4–5 answers, or CES mean 1..7' })),
  ciLow: Score,
  ciHigh: Score,
  fewAnswers: Type.Boolean({ description: 'under 30 answers: too uncertain to act on alone' }),
  change: Nullable(Type.Number({ description: 'score − the previous window’s score' })),
  distribution: Type.Array(Type.Integer(), { description: 'answers per score, lowest score first' }),
  promoters: Type.Optional(Type.Integer()),
  passives: Type.Optional(Type.Integer()),
  detractors: Type.Optional(Type.Integer()),
  satisfied: Type.Optional(Type.Integer()),
  arrWeightedNps: Type.Optional(Nullable(Type.Number({ description: 'Σ account NPS × ARR ÷ Σ ARR' }))),
});
export type ScorePoint = Static<typeof ScorePoint>;

export const SurveyMetrics = Obj({
  asOf: DayText,
  interval: Type.Enum(SERIES_INTERVALS),
  by: Nullable(Type.String()),
  series: Type.Array(
    Obj({
      kind: Kind,
      group: Nullable(Type.String({ description: "the dimension's value; null without by" })),
      points: Type.Array(ScorePoint),
    }),
  ),
});
export type SurveyMetrics = Static<typeof SurveyMetrics>;

export const SurveyResponsesQuery = Type.Object({
  asOf: AsOf,
  from: Type.Optional(dayInput('first day counted; default: every answer through asOf')),
  kind: Type.Optional(Kind),
  survey: SurveyName,
  category: Type.Optional(Category),
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'words every comment must use (Chinese is split into words)' }),
  ),
  ...PageQuery,
});
export type SurveyResponsesQuery = Static<typeof SurveyResponsesQuery>;

export const SurveyAnswer = Obj({
  responseId: Type.String(),
  survey: Type.String(),
  kind: Kind,
  score: Type.Integer(),
  category: Nullable(Category),
  comment: Nullable(Type.String()),
  respondedAt: Type.String({ description: 'ISO timestamp, UTC' }),
  accountId: Type.Integer(),
  accountExternalId: Type.String(),
  accountName: Type.String(),
  person: Type.String({ description: 'user:<id>, email:<address> or response:<id>' }),
  contactEmail: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  channel: Type.String(),
});
export type SurveyAnswer = Static<typeof SurveyAnswer>;

export const SurveyResponses = Obj({ total: Type.Integer(), items: Type.Array(SurveyAnswer) });
export type SurveyResponses = Static<typeof SurveyResponses>;

export const SurveyTermsQuery = Type.Object({
  asOf: AsOf,
  days: Type.Optional(integerInput({ minimum: 1, maximum: 3660, description: 'days of answers through asOf (365)' })),
  survey: SurveyName,
  limit: Type.Optional(integerInput({ minimum: 1, maximum: 100, description: 'terms per category (15)' })),
});
export type SurveyTermsQuery = Static<typeof SurveyTermsQuery>;

export const SurveyTerms = Obj({
  from: DayText,
  to: DayText,
  categories: Type.Array(
    Obj({
      category: Category,
      comments: Type.Integer(),
      terms: Type.Array(
        Obj({
          term: Type.String(),
          count: Type.Integer({ description: 'comments using it' }),
          share: Type.Number({ description: "share of the category's comments using it" }),
          examples: Type.Array(
            Obj({
              responseId: Type.String(),
              score: Type.Integer(),
              comment: Type.String(),
              respondedAt: Type.String(),
            }),
          ),
        }),
      ),
    }),
  ),
});
export type SurveyTerms = Static<typeof SurveyTerms>;

export const SurveyRetentionQuery = Type.Object({ asOf: AsOf });

export const RetentionByCategory = Obj({
  category: Type.Enum(['promoter', 'passive', 'detractor', 'unsurveyed', 'all']),
  accounts: Type.Integer({ description: 'accounts paying at the start' }),
  startArrMinor: Minor,
  endArrMinor: Minor,
  nrr: Ratio,
  grr: Ratio,
  churned: Type.Integer(),
  logoChurnRate: Ratio,
  expanded: Type.Integer(),
  expansionRate: Ratio,
});
export type RetentionByCategory = Static<typeof RetentionByCategory>;

export const SurveyRetention = Obj({
  asOf: DayText,
  measuredAt: DayText,
  answersFrom: DayText,
  from: MonthText,
  to: MonthText,
  currency: Currency,
  categories: Type.Array(RetentionByCategory),
});
export type SurveyRetention = Static<typeof SurveyRetention>;

export const AccountSurveyQuery = Type.Object({ asOf: AsOf });

export const AccountSurveyResponses = Obj({
  accountId: Type.Integer(),
  nps: Nullable(
    Obj({
      from: DayText,
      to: DayText,
      responses: Type.Integer({ description: 'people counted: each one’s latest answer' }),
      promoters: Type.Integer(),
      passives: Type.Integer(),
      detractors: Type.Integer(),
      nps: Score,
      ciLow: Score,
      ciHigh: Score,
      fewAnswers: Type.Boolean(),
      category: Category,
    }),
  ),
  total: Type.Integer(),
  responses: Type.Array(SurveyAnswer),
});
export type AccountSurveyResponses = Static<typeof AccountSurveyResponses>;
