// Revenue reports: metrics per window, MRR movements, signup cohorts.
import { Type, type Static } from 'typebox';
import { Currency, DayText, Minor, Month, MonthText, Nullable, Obj, Page, PageQuery, Ratio } from './common.ts';
import { FilterQuery, RevenueDimensionSchema, RollupSchema } from './segments.ts';

export const INTERVALS = ['month', 'quarter', 'year', 't12m'] as const;
export type Interval = (typeof INTERVALS)[number];
export const IntervalSchema = Type.Enum(INTERVALS, { description: `one of ${INTERVALS.join(', ')}` });

export const MOVEMENT_KINDS = ['new', 'expansion', 'contraction', 'churn', 'reactivation', 'fx'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
export const MovementKindSchema = Type.Enum(MOVEMENT_KINDS);

export const MetricsQuery = Type.Object({
  interval: Type.Optional(IntervalSchema),
  from: Type.Optional(Month),
  to: Type.Optional(Month),
  by: Type.Optional(RevenueDimensionSchema),
  rollup: Type.Optional(RollupSchema),
  ...FilterQuery,
});
export type MetricsQuery = Static<typeof MetricsQuery>;

export const Benchmark = Obj({
  id: Type.Enum(['logoChurn', 'mrrChurn', 'netMrrChurn', 'expansionOffsetsChurn']),
  target: Type.String(),
  value: Nullable(Type.Number()),
  status: Type.Enum(['pass', 'fail', 'n/a']),
});
export type Benchmark = Static<typeof Benchmark>;

export const Period = Obj({
  label: Type.String({ description: "the window: '2024-05', '2024-Q2', '2024' or 'T12M-2024-05'" }),
  start: MonthText,
  end: MonthText,
});

const Count = Type.Integer();
export const MetricsRow = Obj({
  period: Period,
  group: Type.Optional(Type.String({ description: "the breakdown's group ('(none)' for none); only with by" })),
  complete: Type.Boolean({ description: "false when the window runs past the as-of day's month" }),
  months: Count,
  startingMrrMinor: Minor,
  startingCustomers: Count,
  mrrMinor: Minor,
  arrMinor: Minor,
  payingCustomers: Count,
  arpaMinor: Nullable(Minor),
  newMrrMinor: Minor,
  expansionMrrMinor: Minor,
  contractionMrrMinor: Minor,
  churnMrrMinor: Minor,
  reactivationMrrMinor: Minor,
  fxMinor: Minor,
  transferMinor: Minor,
  newCustomers: Count,
  expansions: Count,
  contractions: Count,
  churnedCustomers: Count,
  reactivations: Count,
  retainedCustomers: Count,
  logoChurnRate: Ratio,
  grossMrrChurnRate: Ratio,
  netMrrChurnRate: Ratio,
  expansionMrrRate: Ratio,
  nrr: Ratio,
  grr: Ratio,
  retentionBasis: Type.Enum(['period', 'cohort']),
  quickRatio: Ratio,
  ltvMinor: Nullable(Minor),
  existingCustomerMrrShare: Ratio,
  newCustomerMrrShare: Ratio,
  expansionShareOfGrossNewMrr: Ratio,
  newBusinessShareOfGrossNewMrr: Ratio,
  nrr12m: Ratio,
  grr12m: Ratio,
  benchmarks: Type.Array(Benchmark),
});
export type MetricsRow = Static<typeof MetricsRow>;

export const MetricsResponse = Obj({ currency: Currency, asOf: DayText, rows: Type.Array(MetricsRow) });
export type MetricsResponse = Static<typeof MetricsResponse>;

export const MovementsQuery = Type.Object({
  from: Type.Optional(Month),
  to: Type.Optional(Month),
  kind: Type.Optional(MovementKindSchema),
  ...PageQuery,
  ...FilterQuery,
});
export type MovementsQuery = Static<typeof MovementsQuery>;

export const MovementItem = Obj({
  accountId: Type.Integer(),
  accountName: Type.String(),
  month: MonthText,
  kind: MovementKindSchema,
  amountMinor: Minor,
  mrrBeforeMinor: Minor,
  mrrAfterMinor: Minor,
  plan: Nullable(Type.String()),
});
export type MovementItem = Static<typeof MovementItem>;
export const MovementsPage = Page(MovementItem);
export type MovementsPage = Static<typeof MovementsPage>;

export const CohortsQuery = Type.Object({
  by: Type.Optional(RevenueDimensionSchema),
  group: Type.Optional(Type.String({ maxLength: 200, description: 'the group of `by` to keep' })),
  rollup: Type.Optional(RollupSchema),
  ...FilterQuery,
});
export type CohortsQuery = Static<typeof CohortsQuery>;

export const CohortRow = Obj({
  cohort: Type.String({ description: "the cohort's label" }),
  cohortMonth: Type.String({ description: 'the first paid month, YYYY-MM' }),
  customers: Count,
  startingMrrMinor: Minor,
  payingCustomers: Type.Array(Type.Integer(), { description: 'column k: month cohortMonth + k' }),
  mrrMinor: Type.Array(Minor),
  logoRetention: Type.Array(Type.Number()),
  revenueRetention: Type.Array(Type.Number()),
});
export type CohortRow = Static<typeof CohortRow>;
export const CohortsResponse = Obj({ rows: Type.Array(CohortRow) });
export type CohortsResponse = Static<typeof CohortsResponse>;
