// Adoption: per account, by segment, by feature, against retention; one account's usage; the feature catalog.
import { Type, type Static } from 'typebox';
import { DayText, integerInput, Minor, MonthText, Nullable, Obj, Ratio } from './common.ts';
import { AsOf, DimensionSchema, FilterQuery } from './segments.ts';

export const LEVELS = ['low', 'mid', 'high'] as const;
export type Level = (typeof LEVELS)[number];
const LevelSchema = Type.Enum(LEVELS);

export const WindowDays = Type.Optional(
  integerInput({ minimum: 1, maximum: 366, description: 'days in the window ending asOf (default 30)' }),
);
export const AdoptionQuery = Type.Object({ windowDays: WindowDays, ...FilterQuery });
export type AdoptionQuery = Static<typeof AdoptionQuery>;
export const AdoptionGroupQuery = Type.Object({
  by: Type.Optional(DimensionSchema),
  windowDays: WindowDays,
  ...FilterQuery,
});
export type AdoptionGroupQuery = Static<typeof AdoptionGroupQuery>;
export const AccountUsageQuery = Type.Object({ asOf: AsOf, windowDays: WindowDays });

const Thresholds = Obj({ mid: Type.Number(), high: Type.Number() });
export const AdoptionSettings = Obj({
  windowDays: Type.Integer(),
  featureUsageRate: Thresholds,
  seatUtilization: Thresholds,
  declineWeeks: Type.Integer(),
  declineRate: Type.Number(),
  declineMinActiveUsers: Type.Integer({ description: 'active users the earlier weeks need for a drop to count' }),
  seatExpansionUtilization: Type.Number(),
  outOfPlanUserShare: Type.Number(),
});

export type AdoptionSettings = Static<typeof AdoptionSettings>;

export const ModuleAdoption = Obj({
  module: Type.String(),
  included: Type.Integer(),
  used: Type.Integer(),
  breadth: Ratio,
  events: Type.Integer(),
  depth: Nullable(Type.Number()),
});
export type ModuleAdoption = Static<typeof ModuleAdoption>;

export const Milestones = Obj({ total: Type.Integer(), reached: Type.Integer(), due: Type.Boolean() });
export type Milestones = Static<typeof Milestones>;

const accountAdoption = {
  id: Type.Integer(),
  accountId: Type.Integer(),
  externalId: Type.String(),
  name: Type.String(),
  industry: Nullable(Type.String()),
  sizeBand: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  icpFit: Nullable(Type.Enum(['icp', 'non-icp'])),
  ownerCsm: Nullable(Type.String()),
  plan: Nullable(Type.String()),
  mrrMinor: Minor,
  asOf: DayText,
  windowStart: DayText,
  licensedSeats: Nullable(Type.Integer()),
  firstPaidDay: Nullable(DayText),
  dau: Type.Number(),
  wau: Type.Number(),
  mau: Type.Number(),
  stickiness: Ratio,
  activeUsers: Type.Integer(),
  seatUtilization: Ratio,
  featuresIncluded: Type.Integer(),
  featuresUsed: Type.Integer(),
  featureUsageRate: Ratio,
  level: Nullable(LevelSchema),
  firstValueDay: Nullable(DayText),
  timeToFirstValueDays: Nullable(Type.Integer()),
  milestones30: Nullable(Milestones),
  milestones90: Nullable(Milestones),
  weeklyActiveUsers: Type.Array(Type.Integer(), { description: 'oldest week first; the last ends asOf' }),
  trend: Obj({
    recentActiveUsers: Type.Integer(),
    previousActiveUsers: Type.Integer(),
    change: Nullable(Type.Number()),
    declining: Type.Boolean(),
  }),
  expansion: Obj({
    seatsNearLimit: Type.Boolean(),
    outOfPlanFeatures: Type.Array(Type.String()),
    signal: Type.Boolean(),
  }),
};
/** One account's adoption with its per-module detail. */
export const AccountAdoption = Obj({ ...accountAdoption, modules: Type.Array(ModuleAdoption) });
export type AccountAdoption = Static<typeof AccountAdoption>;
/** One account's adoption without its per-module detail (the overview's flagged lists). */
export const FlaggedAccount = Obj(accountAdoption);
export type FlaggedAccount = Static<typeof FlaggedAccount>;

export const AdoptionReport = Obj({ asOf: DayText, settings: AdoptionSettings, rows: Type.Array(AccountAdoption) });
export type AdoptionReport = Static<typeof AdoptionReport>;

export const AdoptionGroup = Obj({
  group: Type.String(),
  accounts: Type.Integer(),
  low: Type.Integer(),
  mid: Type.Integer(),
  high: Type.Integer(),
  unknown: Type.Integer(),
  featureUsageRate: Ratio,
  seatUtilization: Ratio,
  stickiness: Ratio,
  activeUsers: Type.Integer(),
  declining: Type.Integer(),
  expansionSignals: Type.Integer(),
});
export type AdoptionGroup = Static<typeof AdoptionGroup>;

export const AdoptionSegments = Obj({ asOf: DayText, by: DimensionSchema, groups: Type.Array(AdoptionGroup) });
export type AdoptionSegments = Static<typeof AdoptionSegments>;

export const FeatureAdoptionRow = Obj({
  key: Type.String(),
  name: Type.String(),
  module: Type.String(),
  accountsIncluded: Type.Integer(),
  accountsUsing: Type.Integer(),
  usageRate: Ratio,
  accountsUsingOutsidePlan: Type.Integer(),
  users: Type.Integer(),
  events: Type.Integer(),
});
export type FeatureAdoptionRow = Static<typeof FeatureAdoptionRow>;

export const FeatureAdoption = Obj({
  asOf: DayText,
  windowDays: Type.Integer(),
  accounts: Type.Integer(),
  features: Type.Array(FeatureAdoptionRow),
});
export type FeatureAdoption = Static<typeof FeatureAdoption>;

export const LevelShare = Obj({
  level: Type.Enum([...LEVELS, 'unknown']),
  accounts: Type.Integer(),
  mrrMinor: Minor,
  accountShare: Ratio,
  mrrShare: Ratio,
});
export type LevelShare = Static<typeof LevelShare>;

export const AdoptionOverview = Obj({
  asOf: DayText,
  windowDays: Type.Integer(),
  settings: AdoptionSettings,
  by: DimensionSchema,
  summary: AdoptionGroup,
  mrrMinor: Minor,
  levels: Type.Array(LevelShare),
  groups: Type.Array(AdoptionGroup),
  features: Type.Array(Obj({ ...FeatureAdoptionRow.properties, plans: Type.Array(Type.String()) })),
  declining: Type.Array(FlaggedAccount, { description: 'usage decline, the steepest drop first' }),
  expansion: Type.Array(FlaggedAccount, { description: 'expansion signals, the largest MRR first' }),
});
export type AdoptionOverview = Static<typeof AdoptionOverview>;

export const RetentionByLevel = Obj({
  level: Type.Enum([...LEVELS, 'unknown', 'all']),
  customers: Type.Integer(),
  startMrrMinor: Minor,
  endMrrMinor: Minor,
  nrr: Ratio,
  grr: Ratio,
  churned: Type.Integer(),
  logoChurnRate: Ratio,
  renewed: Type.Integer(),
  renewalRate: Ratio,
});
export type RetentionByLevel = Static<typeof RetentionByLevel>;

export const AdoptionRetention = Obj({
  asOf: DayText,
  measuredAt: DayText,
  from: MonthText,
  to: MonthText,
  windowDays: Type.Integer(),
  levels: Type.Array(RetentionByLevel),
});
export type AdoptionRetention = Static<typeof AdoptionRetention>;

export const AccountUsage = Obj({
  account: AccountAdoption,
  paying: Type.Boolean(),
  features: Type.Array(
    Obj({
      key: Type.String(),
      name: Type.String(),
      module: Type.String(),
      included: Type.Boolean(),
      used: Type.Boolean(),
      users: Type.Integer(),
      events: Type.Integer(),
      firstUsed: Nullable(DayText),
    }),
  ),
  uncataloged: Type.Array(Obj({ event: Type.String(), users: Type.Integer(), events: Type.Integer() })),
  dailyActiveUsers: Type.Array(Type.Integer(), {
    description: 'users active each day of the weekly series, oldest first (the last is asOf)',
  }),
});
export type AccountUsage = Static<typeof AccountUsage>;

export const Feature = Obj({
  key: Type.String(),
  name: Type.String(),
  module: Type.String(),
  event: Type.String(),
  propertyFilter: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  plans: Type.Array(Type.String(), { description: 'plans that include it; empty: every plan' }),
  milestoneDays: Nullable(Type.Union([Type.Literal(30), Type.Literal(90)])),
});
export type Feature = Static<typeof Feature>;
export const FeatureList = Obj({ items: Type.Array(Feature) });

export const UncatalogedEvent = Obj({
  event: Type.String(),
  events: Type.Integer(),
  accounts: Type.Integer(),
  users: Type.Integer(),
  lastSeen: DayText,
});
export type UncatalogedEvent = Static<typeof UncatalogedEvent>;
export const FeatureReview = Obj({ items: Type.Array(UncatalogedEvent) });
