// Accounts: the searchable list and one account's file (profile, MRR history, movements with their records).
import { Type, type Static } from 'typebox';
import { Currency, DayText, Minor, MonthText, Nullable, Obj, Page, PageQuery } from './common.ts';
import { BandSchema } from './health-scores.ts';
import { MovementKindSchema } from './revenue.ts';
import { AsOf, FilterQuery } from './segments.ts';

export const ACCOUNT_STATUSES = ['active', 'churned', 'prospect'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export const AccountStatusSchema = Type.Enum(ACCOUNT_STATUSES);

export const ACCOUNT_SORTS = ['name', 'mrr', 'customer_since', 'industry', 'owner_csm'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

export const AccountsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'part of the name or external id' })),
  status: Type.Optional(Type.Enum([...ACCOUNT_STATUSES, 'all'])),
  sort: Type.Optional(Type.Enum(ACCOUNT_SORTS)),
  order: Type.Optional(Type.Enum(['asc', 'desc'])),
  ...PageQuery,
  ...FilterQuery,
});
export type AccountsQuery = Static<typeof AccountsQuery>;

/** Who an account is, as imported. */
export const AccountProfile = {
  id: Type.Integer(),
  externalId: Type.String(),
  name: Type.String(),
  industry: Nullable(Type.String()),
  sizeBand: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  icpFit: Nullable(Type.Boolean()),
  ownerCsm: Nullable(Type.String()),
  employeeCount: Nullable(Type.Integer()),
  firstSeenOn: Nullable(DayText),
};

export const AccountItem = Obj({
  ...AccountProfile,
  plan: Nullable(Type.String()),
  mrrMinor: Minor,
  currency: Currency,
  status: AccountStatusSchema,
  customerSince: Nullable(Type.String({ description: 'first paid month, YYYY-MM' })),
  churnedOn: Nullable(Type.String({ description: 'month of the churn that ended the latest paid stretch' })),
  nextRenewalOn: Type.Optional(Nullable(DayText)),
  healthBand: Type.Optional(
    Type.Union([BandSchema, Type.Null()], { description: 'latest health band (null: not scored)' }),
  ),
  healthScore: Type.Optional(Nullable(Type.Integer({ description: 'latest health score, 0–100' }))),
  tier: Type.Optional(
    Nullable(Type.String({ description: 'coverage tier key (null: not a paying customer or no tiers defined)' })),
  ),
  tierName: Type.Optional(Nullable(Type.String())),
});
export type AccountItem = Static<typeof AccountItem>;
export const AccountsPage = Page(AccountItem);
export type AccountsPage = Static<typeof AccountsPage>;

export const AccountFileQuery = Type.Object({ asOf: AsOf });

export const SOURCE_KINDS = ['period', 'subscription', 'item', 'discount', 'line'] as const;
export const SourceRecord = Obj({
  ref: Type.String({ description: "'<kind>:<id>'" }),
  kind: Type.Enum(SOURCE_KINDS),
  description: Type.String(),
  fields: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), {
    description: 'the stored columns of the record (timestamps as ISO 8601)',
  }),
});
export type SourceRecord = Static<typeof SourceRecord>;

export const ExplainedMovement = Obj({
  month: MonthText,
  kind: MovementKindSchema,
  amountMinor: Minor,
  mrrBeforeMinor: Minor,
  mrrAfterMinor: Minor,
  plan: Nullable(Type.String()),
  before: Type.Array(SourceRecord),
  after: Type.Array(SourceRecord),
});
export type ExplainedMovement = Static<typeof ExplainedMovement>;

/** The account as stored (column names). */
export const StoredAccount = Obj({
  id: Type.Integer(),
  external_id: Type.String(),
  name: Type.String(),
  industry: Nullable(Type.String()),
  size_band: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  icp_fit: Nullable(Type.Boolean()),
  owner_csm: Nullable(Type.String()),
  first_seen_on: Nullable(DayText),
  employee_count: Nullable(Type.Integer()),
  attributes: Nullable(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), {
      description: "the account file's own columns beyond the known ones (custom attributes)",
    }),
  ),
});
export type StoredAccount = Static<typeof StoredAccount>;

export const AccountContact = Obj({
  externalId: Type.String(),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  title: Nullable(Type.String()),
  role: Nullable(Type.String()),
});
export type AccountContact = Static<typeof AccountContact>;

export const AccountFile = Obj({
  account: StoredAccount,
  contacts: Type.Array(AccountContact),
  currency: Currency,
  history: Type.Array(Obj({ from: MonthText, to: MonthText, mrrMinor: Minor, plan: Nullable(Type.String()) })),
  movements: Type.Array(ExplainedMovement),
});
export type AccountFile = Static<typeof AccountFile>;
