// Account health: scorecard definitions (JSON), daily scores with their measure grades, the summary (bands, movement,
// ARR at risk) and CSM sentiment. (/api/health, the liveness probe, is contract/health.ts.)
import { Type, type Static } from 'typebox';
import { Currency, DayText, dayInput, integerInput, Minor, Nullable, Obj, PageQuery, FINITE } from './common.ts';

export const BAND_NAMES = ['red', 'yellow', 'green'] as const;
export const BandSchema = Type.Enum(BAND_NAMES);
export const DIRECTIONS = ['higher', 'lower'] as const;
export const RULE_FIELD_NAMES = ['segment', 'plan', 'industry', 'size_band', 'owner_csm', 'icp_fit'] as const;

const num = (description: string) => Type.Number({ description, ...FINITE });
const weight = (description: string) => Type.Number({ minimum: 0, maximum: 1_000_000, description, ...FINITE });
const text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, description });

export const Thresholds = Obj(
  {
    green: num('green at or beyond this value (at or above when higher is better, at or below when lower is)'),
    yellow: num('yellow at or beyond this value; beyond it on the other side is red'),
  },
  'where a measure turns green and yellow',
);

export const MeasureDefinition = Obj({
  signal: text(64, 'a signal of the registry (GET /api/v1/health/scorecards lists them)'),
  weight: weight('relative weight within the group'),
  thresholds: Type.Optional(Thresholds),
  direction: Type.Optional(Type.Enum(DIRECTIONS, { description: "which way is better (the signal's own by default)" })),
});

export const GroupDefinition = Obj({
  key: text(64, 'a key for the group'),
  name: text(200, 'the group as people read it'),
  weight: weight('relative weight of the group in the overall score'),
  measures: Type.Array(MeasureDefinition, { maxItems: 50 }),
});

const RuleValues = Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 });
export const AppliesTo = Obj(
  {
    segment: Type.Optional(RuleValues),
    plan: Type.Optional(RuleValues),
    industry: Type.Optional(RuleValues),
    size_band: Type.Optional(RuleValues),
    owner_csm: Type.Optional(RuleValues),
    icp_fit: Type.Optional(RuleValues),
  },
  'applies when every field given holds one of its values (icp_fit: icp or non-icp)',
);

export const Scorecard = Obj({
  key: text(63, "lower-case letters, digits, '-' or '_'"),
  name: text(200, 'the scorecard as people read it'),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  order: Type.Optional(
    integerInput({
      minimum: -1_000_000,
      maximum: 1_000_000,
      description: 'scorecards with a rule are tried in ascending order',
    }),
  ),
  appliesTo: Type.Optional(Nullable(AppliesTo)),
  points: Type.Optional(
    Obj({ red: num('points of a red measure'), yellow: num('of a yellow one'), green: num('of a green one') }),
  ),
  bands: Type.Optional(
    Obj(
      { red: num('scores below this are red'), green: num('scores at or above this are green') },
      'overall bands: red < red ≤ yellow < green ≤ green',
    ),
  ),
  groups: Type.Array(GroupDefinition, { maxItems: 20 }),
  exceptions: Type.Optional(
    Type.Array(
      Obj({ signal: text(64, 'a measure of this scorecard'), force: Type.Literal('red') }, 'a red measure forces red'),
      { maxItems: 50 },
    ),
  ),
});
export type Scorecard = Static<typeof Scorecard>;

export const ScorecardView = Obj({
  definition: Scorecard,
  isDefault: Type.Boolean({ description: 'the scorecard for accounts no rule matches' }),
  builtIn: Type.Boolean({ description: 'the scorecard Tenure ships (no scorecard stored without a rule)' }),
  updatedAt: Nullable(Type.String()),
});
export type ScorecardView = Static<typeof ScorecardView>;

export const SignalInfo = Obj({
  key: Type.String(),
  name: Type.String(),
  unit: Type.String(),
  direction: Type.Enum(DIRECTIONS),
  defaultThresholds: Thresholds,
  description: Type.String(),
});

export const ScorecardList = Obj({
  items: Type.Array(ScorecardView),
  signals: Type.Array(SignalInfo),
  rule: Type.String({ description: 'how the scorecard of an account is chosen' }),
});
export type ScorecardList = Static<typeof ScorecardList>;
export const ScorecardParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 63 }) });

/** A measure as graded for one account on one day. */
export const MeasureGrade = Obj({
  signal: Type.String(),
  name: Type.String(),
  group: Type.String(),
  value: Nullable(Type.Number()),
  text: Type.String({ description: 'the value as people read it' }),
  band: Nullable(BandSchema),
  points: Nullable(Type.Number()),
  weight: Type.Number({ description: 'share of the overall score after re-weighting (0 when missing)' }),
});
export type MeasureGrade = Static<typeof MeasureGrade>;

export const Reason = Obj({ signal: Type.String(), name: Type.String(), band: BandSchema, text: Type.String() });
export type Reason = Static<typeof Reason>;

export const HealthScoreItem = Obj({
  accountId: Type.Integer(),
  externalId: Type.String(),
  name: Type.String(),
  segment: Nullable(Type.String()),
  ownerCsm: Nullable(Type.String()),
  day: DayText,
  scorecard: Type.String(),
  score: Nullable(Type.Integer()),
  band: Nullable(BandSchema),
  trend7: Nullable(Type.Integer({ description: 'score minus the score 7 days earlier' })),
  trend30: Nullable(Type.Integer({ description: 'score minus the score 30 days earlier' })),
  arrMinor: Minor,
  currency: Currency,
  reasons: Type.Array(Reason, { description: 'red measures, then yellow ones, heaviest first' }),
});
export type HealthScoreItem = Static<typeof HealthScoreItem>;

export const ScoresQuery = Type.Object({
  band: Type.Optional(BandSchema),
  segment: Type.Optional(Type.String({ maxLength: 200, description: "a segment, or '(none)'" })),
  sort: Type.Optional(Type.Enum(['score', 'arr', 'name'])),
  ...PageQuery,
});
export type ScoresQuery = Static<typeof ScoresQuery>;

export const ScoresPage = Obj({
  day: Nullable(DayText),
  total: Type.Integer(),
  items: Type.Array(HealthScoreItem),
});
export type ScoresPage = Static<typeof ScoresPage>;

export const Sentiment = Obj({
  sentiment: BandSchema,
  until: DayText,
  note: Nullable(Type.String()),
  setBy: Type.String(),
  setAt: Type.String(),
  expired: Type.Boolean(),
});
export type Sentiment = Static<typeof Sentiment>;

export const SentimentInput = Type.Object(
  {
    sentiment: BandSchema,
    until: dayInput('the last day the sentiment counts, YYYY-MM-DD'),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type SentimentInput = Static<typeof SentimentInput>;

export const AccountHealth = Obj({
  accountId: Type.Integer(),
  latest: Nullable(
    Obj({
      day: DayText,
      scorecard: Type.String(),
      scorecardName: Type.String(),
      score: Nullable(Type.Integer()),
      band: Nullable(BandSchema),
      trend7: Nullable(Type.Integer()),
      trend30: Nullable(Type.Integer()),
      forcedBy: Type.Array(Type.String()),
      missing: Type.Array(Type.String()),
      groups: Type.Array(
        Obj({ key: Type.String(), name: Type.String(), score: Nullable(Type.Number()), weight: Type.Number() }),
      ),
      measures: Type.Array(MeasureGrade),
    }),
  ),
  history: Type.Array(Obj({ day: DayText, score: Nullable(Type.Integer()), band: Nullable(BandSchema) })),
  sentiment: Nullable(Sentiment),
});
export type AccountHealth = Static<typeof AccountHealth>;

export const HistoryQuery = Type.Object({
  days: Type.Optional(integerInput({ minimum: 1, maximum: 3660, description: 'days of history (default 180)' })),
});

export const HealthSummary = Obj({
  day: Nullable(DayText),
  currency: Currency,
  scored: Type.Integer({ description: 'accounts scored on the day' }),
  distribution: Type.Array(
    Obj({ band: Nullable(BandSchema), accounts: Type.Integer(), arrMinor: Minor }, 'band null: no measure had data'),
  ),
  arrAtRiskMinor: Minor,
  movement: Obj({
    from: Nullable(DayText),
    to: Nullable(DayText),
    changes: Type.Array(
      Obj({ from: Nullable(BandSchema), to: Nullable(BandSchema), accounts: Type.Integer(), arrMinor: Minor }),
      { description: 'accounts by their band 30 days before and now (from null: not scored then)' },
    ),
  }),
  history: Type.Array(Obj({ day: DayText, red: Type.Integer(), yellow: Type.Integer(), green: Type.Integer() }), {
    description: 'accounts per band, day by day, over the last 30 days',
  }),
  atRisk: Type.Array(HealthScoreItem, { description: 'red accounts then yellow, lowest scores first (at most 10)' }),
});
export type HealthSummary = Static<typeof HealthSummary>;

export const RescoreResult = Obj({ jobId: Nullable(Type.Integer()) });
