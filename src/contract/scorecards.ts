// CSM scorecards and expansion targets over HTTP (TypeBox): the routes, the services' types and the web app.
import { Type, type Static } from 'typebox';
import { Currency, Day, integerInput, Minor, Nullable, Obj, Ratio } from './common.ts';

export const ScorecardInterval = Type.Enum(['month', 'quarter']);

export const ScorecardQuery = Obj({
  interval: Type.Optional(ScorecardInterval),
  asOf: Type.Optional(Day),
  periods: Type.Optional(
    integerInput({ minimum: 1, maximum: 120, description: 'periods ending with the as-of day’s' }),
  ),
  owner: Type.Optional(
    Type.String({ maxLength: 320, description: "one owner's rows only (email, or name when not a user)" }),
  ),
});

export const TierMixEntry = Obj({
  tier: Type.String({ description: "the tier's key; empty: no tier takes the account" }),
  accounts: Type.Integer(),
  arrMinor: Minor,
  targetAccounts: Nullable(Type.Integer()),
  targetArrMinor: Nullable(Minor),
});

const Count = Type.Integer({ minimum: 0 });

/** The book measures (src/core/scorecards/measures.ts), on owner, team and company rows alike. */
const bookMeasures = {
  tierMix: Type.Array(TierMixEntry),
  coverageAccounts: Nullable(Type.Number({ description: "Σ accounts ÷ the tier's accounts per CSM" })),
  coverageArr: Nullable(Type.Number({ description: "Σ ARR ÷ the tier's ARR per CSM" })),
  renewalsDue: Count,
  renewalsRenewed: Count,
  renewalsChurned: Count,
  renewalsPending: Count,
  renewalDueArrMinor: Minor,
  renewalRenewedArrMinor: Minor,
  renewalKeptArrMinor: Minor,
  renewalRate: Ratio,
  renewalRateAmount: Ratio,
  renewalRateAmountNet: Ratio,
  healthGreenAccounts: Count,
  healthYellowAccounts: Count,
  healthRedAccounts: Count,
  healthUnscoredAccounts: Count,
  healthGreenArrMinor: Minor,
  healthYellowArrMinor: Minor,
  healthRedArrMinor: Minor,
  healthUnscoredArrMinor: Minor,
  arrAtRiskMinor: Minor,
  npsAnswers: Count,
  npsPromoters: Count,
  npsDetractors: Count,
  nps: Nullable(Type.Number({ description: '% promoters − % detractors, −100 to 100' })),
  tasksDone: Count,
  tasksOverdue: Count,
  grrKeptMrrMinor: Minor,
};

const ledgerMeasures = {
  accounts: Type.Integer(),
  arrMinor: Minor,
  nrr12m: Ratio,
  grr12m: Ratio,
  nrrStartMrrMinor: Minor,
  nrrEndMrrMinor: Minor,
  expansionMrrMinor: Minor,
  contractionMrrMinor: Minor,
  churnMrrMinor: Minor,
  logoChurn: Type.Integer(),
  newMrrMinor: Minor,
  expansionTargetMinor: Nullable(Minor),
  attainment: Ratio,
};

export const ScorecardRow = Obj({
  period: Type.String(),
  owner: Type.String({ description: "the owner's email (a user) or imported name; empty: no owner" }),
  team: Type.String({ description: "the owner's team: their manager's email; empty: no manager" }),
  ...ledgerMeasures,
  ...bookMeasures,
});

export const RollupRow = Obj({
  level: Type.Enum(['team', 'company']),
  period: Type.String(),
  team: Type.String({ description: "the team's manager's email; empty: owners without a manager (or the company)" }),
  owners: Count,
  ...ledgerMeasures,
  ...bookMeasures,
});

export const Scorecards = Obj({
  currency: Currency,
  asOf: Type.String(),
  interval: ScorecardInterval,
  rows: Type.Array(ScorecardRow),
  teams: Type.Array(RollupRow),
});

export const BookQuery = Obj({
  owner: Type.Optional(
    Type.String({ maxLength: 320, description: "the owner's email or name; empty or absent: no owner" }),
  ),
  asOf: Type.Optional(Day),
});

export const BookAccount = Obj({
  accountId: Type.Integer(),
  externalId: Type.String(),
  name: Type.String(),
  arrMinor: Minor,
  tier: Nullable(Type.String()),
  band: Nullable(Type.Enum(['red', 'yellow', 'green'])),
  nextRenewalOn: Nullable(Type.String()),
});

export const Book = Obj({
  currency: Currency,
  asOf: Type.String(),
  owner: Type.String(),
  items: Type.Array(BookAccount),
});
export type Book = Static<typeof Book>;
export type Scorecards = Static<typeof Scorecards>;

/** A quarter YYYY-Qn in the years days and months may name (1900 to 2100). */
export const QUARTER_PATTERN = '^(19[0-9]{2}|20[0-9]{2}|2100)-Q[1-4]$';
export const Quarter = Type.String({ pattern: QUARTER_PATTERN, description: 'a quarter YYYY-Qn, 1900 to 2100' });

export const Target = Obj({
  ownerEmail: Type.String(),
  quarter: Quarter,
  expansionTargetMinor: Type.Integer({ minimum: 0 }),
});
export type Target = Static<typeof Target>;

export const TargetList = Obj({ items: Type.Array(Target) });
export const TargetInput = Obj({
  ownerEmail: Type.String({ minLength: 3, maxLength: 320 }),
  quarter: Quarter,
  expansionTargetMinor: Type.Integer({ minimum: 0, maximum: 1e15 }),
});

export const ManagerInput = Obj({
  user: Type.String({ minLength: 3, maxLength: 320, description: "the user's email" }),
  manager: Nullable(Type.String({ minLength: 3, maxLength: 320, description: "the manager's email; null: none" })),
});
