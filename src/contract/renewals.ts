// Renewals: rates by count and amount per period (optionally by group), the calendar of upcoming renewals, the
// forecast with its categories, the accuracy of past forecasts, and the nine factors behind renewal.
import { Type, type Static } from 'typebox';
import { Currency, DayText, integerInput, Minor, Nullable, Obj, Ratio } from './common.ts';
import { AsOf } from './segments.ts';

export const RENEWAL_INTERVALS = ['month', 'quarter', 'year'] as const;
export const RenewalInterval = Type.Enum(RENEWAL_INTERVALS, { description: 'the period a renewal belongs to' });
/** Account dimensions renewals break down by; owner_csm is the owner on the due day. */
export const RENEWAL_BY = ['industry', 'size_band', 'segment', 'icp_fit', 'owner_csm', 'plan', 'cohort'] as const;

export const FORECAST_CATEGORY_VALUES = ['commit', 'likely', 'at_risk', 'lost'] as const;
export const ForecastCategory = Type.Enum(FORECAST_CATEGORY_VALUES, {
  description: 'commit, likely, at_risk (at risk) or lost',
});
export const RENEWAL_STATUSES = ['renewed', 'churned', 'pending', 'excluded'] as const;
export const RenewalStatus = Type.Enum(RENEWAL_STATUSES);

export const RenewalRatesQuery = Type.Object({
  asOf: AsOf,
  interval: Type.Optional(RenewalInterval),
  by: Type.Optional(Type.Enum(RENEWAL_BY, { description: `group by one of ${RENEWAL_BY.join(', ')}` })),
});
export type RenewalRatesQuery = Static<typeof RenewalRatesQuery>;

export const RenewalRateRow = Obj({
  group: Type.Optional(Type.String({ description: "with `by`: the group ('(none)' for no value)" })),
  period: Type.String({ description: 'YYYY-MM, YYYY-Qn or YYYY' }),
  due: Type.Integer({ description: 'every renewal due in the period, excluded and pending too' }),
  renewed: Type.Integer(),
  churned: Type.Integer(),
  excluded: Type.Integer(),
  pending: Type.Integer(),
  renewalRate: Ratio,
  dueAmountMinor: Minor,
  renewedAmountMinor: Minor,
  grossAmountRate: Ratio,
  netAmountRate: Ratio,
});
export const RenewalRates = Obj({
  currency: Currency,
  asOf: DayText,
  interval: RenewalInterval,
  by: Nullable(Type.String()),
  rows: Type.Array(RenewalRateRow),
});
export type RenewalRates = Static<typeof RenewalRates>;

export const CalendarQuery = Type.Object({
  asOf: AsOf,
  days: Type.Optional(integerInput({ minimum: 1, maximum: 730, description: 'renewals due within this many days' })),
});
export type CalendarQuery = Static<typeof CalendarQuery>;

export const OwnerCategory = Obj({
  category: Nullable(ForecastCategory),
  note: Nullable(Type.String()),
  setBy: Type.String({ description: 'who set it (user, API key or CLI)' }),
  setAt: Type.String({ description: 'when, ISO 8601' }),
});

export const CalendarItem = Obj({
  contractId: Type.String(),
  accountId: Type.Integer(),
  accountName: Type.String(),
  dueDate: DayText,
  daysLeft: Type.Integer(),
  status: RenewalStatus,
  arrAtStakeMinor: Minor,
  renewedArrMinor: Minor,
  autoRenew: Type.Boolean(),
  noticeDays: Nullable(Type.Integer()),
  owner: Nullable(Type.String()),
  adoptionLevel: Nullable(Type.Enum(['low', 'mid', 'high'])),
  nps: Nullable(Type.Integer({ description: "the account's latest NPS answer (0–10)" })),
  health: Nullable(
    Type.Number({ description: "the account's latest health score (0–100) on or before asOf; null: not scored" }),
  ),
  healthBand: Nullable(Type.Enum(['red', 'yellow', 'green'], { description: 'the band of that health score' })),
  churnRisk: Nullable(
    Type.Number({ description: 'probability of churning within the horizon, from the latest churn-risk scoring' }),
  ),
  category: ForecastCategory,
  categorySource: Type.Enum(['owner', 'proposed', 'decided']),
  proposedCategory: ForecastCategory,
  reasons: Type.Array(Type.String(), { description: 'why the proposed category' }),
  ownerCategory: Nullable(OwnerCategory),
  probability: Type.Number(),
  expectedMinor: Minor,
  tier: Type.Optional(Nullable(Type.String({ description: "the account's coverage tier" }))),
  tierName: Type.Optional(Nullable(Type.String())),
});
export type CalendarItem = Static<typeof CalendarItem>;

export const CalendarWindow = Obj({
  days: Type.Integer(),
  renewals: Type.Integer(),
  arrAtStakeMinor: Minor,
});

export const RenewalCalendar = Obj({
  currency: Currency,
  asOf: DayText,
  days: Type.Integer(),
  windows: Type.Array(CalendarWindow, { description: 'the next 30, 90 and 180 days' }),
  items: Type.Array(CalendarItem),
});
export type RenewalCalendar = Static<typeof RenewalCalendar>;

export const ForecastQuery = Type.Object({ asOf: AsOf, interval: Type.Optional(RenewalInterval) });
export type ForecastQuery = Static<typeof ForecastQuery>;

export const CategoryProbability = Obj({
  category: ForecastCategory,
  probability: Type.Number(),
  basis: Type.Enum(['learnt', 'default']),
  samples: Type.Integer({ description: 'closed renewals of the category with a 30-day forecast' }),
});

export const ForecastPeriod = Obj({
  period: Type.String(),
  due: Type.Integer({ description: 'renewals due in the period, not excluded' }),
  open: Type.Integer({ description: 'of them, still pending' }),
  dueAmountMinor: Minor,
  renewedSoFarMinor: Minor,
  lowMinor: Minor,
  expectedMinor: Minor,
  highMinor: Minor,
  byCategory: Type.Record(Type.String(), Minor, { description: 'due ARR of the open renewals per category' }),
});

export const RenewalForecast = Obj({
  currency: Currency,
  asOf: DayText,
  interval: RenewalInterval,
  probabilities: Type.Array(CategoryProbability),
  periods: Type.Array(ForecastPeriod),
});
export type RenewalForecast = Static<typeof RenewalForecast>;

export const HorizonAccuracy = Obj({
  horizonDays: Type.Integer(),
  renewals: Type.Integer({ description: 'renewals of the period with a forecast at this horizon' }),
  lowMinor: Minor,
  expectedMinor: Minor,
  highMinor: Minor,
  actualMinor: Minor,
  error: Ratio,
  withinRange: Type.Boolean({ description: 'low ≤ actual ≤ high' }),
  recomputed: Type.Integer({ description: 'of them, rebuilt from the contracts known then (before the daily job)' }),
});

export const AccuracyPeriod = Obj({
  period: Type.String(),
  due: Type.Integer(),
  renewedMinor: Minor,
  horizons: Type.Array(HorizonAccuracy),
});

export const ForecastAccuracy = Obj({
  currency: Currency,
  asOf: DayText,
  interval: RenewalInterval,
  periods: Type.Array(AccuracyPeriod),
  meanAbsoluteError: Type.Array(Obj({ horizonDays: Type.Integer(), error: Ratio })),
});
export type ForecastAccuracy = Static<typeof ForecastAccuracy>;

export const FactorGroup = Obj({
  group: Type.String(),
  renewals: Type.Integer(),
  renewed: Type.Integer(),
  rate: Type.Number(),
  ciLow: Type.Number(),
  ciHigh: Type.Number(),
  dueAmountMinor: Minor,
  renewedAmountMinor: Minor,
  amountRate: Ratio,
  restRate: Ratio,
  lift: Ratio,
});
export const FactorTable = Obj({
  number: Type.Integer(),
  key: Type.String(),
  name: Type.String(),
  renewals: Type.Integer(),
  groups: Type.Array(FactorGroup),
  spread: Ratio,
  missing: Nullable(Type.String()),
});
export type FactorTable = Static<typeof FactorTable>;
export const RenewalFactors = Obj({
  currency: Currency,
  asOf: DayText,
  closedRenewals: Type.Integer(),
  factors: Type.Array(FactorTable),
});
export type RenewalFactors = Static<typeof RenewalFactors>;

export const ContractParams = Type.Object({
  contractId: Type.String({ minLength: 1, maxLength: 200, description: 'the contract_id of the due contract' }),
});
export const CategoryInput = Obj({
  category: Nullable(ForecastCategory),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type CategoryInput = Static<typeof CategoryInput>;
export const CategoryResult = Obj({
  contractId: Type.String(),
  category: Nullable(ForecastCategory),
  note: Nullable(Type.String()),
  setBy: Type.String(),
  setAt: Type.String(),
});
export type CategoryResult = Static<typeof CategoryResult>;

export const AccountRenewal = Obj({
  contractId: Type.String(),
  startDate: DayText,
  dueDate: DayText,
  status: RenewalStatus,
  dueArrMinor: Minor,
  renewedArrMinor: Minor,
  renewedBy: Type.Array(Type.String()),
  exclusionReason: Nullable(Type.String()),
});
export const AccountRenewals = Obj({
  currency: Currency,
  asOf: DayText,
  accountId: Type.Integer(),
  next: Nullable(CalendarItem),
  contracts: Type.Array(AccountRenewal),
});
export type AccountRenewals = Static<typeof AccountRenewals>;
