// Coverage tiers over HTTP: definitions, each customer's tier, overrides (always with an expiry), coverage per CSM.
import { Type, type Static } from 'typebox';
import { dayInput, DayText, Minor, Nullable, Obj } from './common.ts';

export const TierRules = Obj({
  min_arr_minor: Type.Optional(Type.Number()),
  max_arr_minor: Type.Optional(Type.Number()),
  plans: Type.Optional(Type.Array(Type.String())),
  segments: Type.Optional(Type.Array(Type.String())),
  icp_fit: Type.Optional(Type.Boolean()),
});

export const Tier = Obj({
  key: Type.String(),
  name: Type.String(),
  rank: Type.Integer({ description: '1 is tried first' }),
  rules: TierRules,
  targetAccountsPerCsm: Nullable(Type.Integer()),
  targetArrPerCsmMinor: Nullable(Minor),
});
export const TierList = Obj({ items: Type.Array(Tier) });
export type TierListView = Static<typeof TierList>;

/** The JSON list of `tenure tiers define` (checked field by field). */
export const TierDefinitions = Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 20 });

export const AccountTier = Obj({
  accountKey: Type.Integer({ description: "the account's Tenure id" }),
  accountId: Type.String({ description: "the account's external id" }),
  name: Type.String(),
  owner: Nullable(Type.String()),
  arrMinor: Minor,
  plan: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  tier: Nullable(Type.String()),
  tierName: Nullable(Type.String()),
  source: Type.Enum(['rule', 'override', 'none']),
  overrideExpiresOn: Nullable(DayText),
  overrideReason: Nullable(Type.String()),
});
export type AccountTierView = Static<typeof AccountTier>;
export const AccountTierList = Obj({ items: Type.Array(AccountTier) });
export type AccountTierListView = Static<typeof AccountTierList>;
export const AccountTierQuery = Type.Object({
  tier: Type.Optional(Type.String({ maxLength: 40 })),
  owner: Type.Optional(Type.String({ maxLength: 200 })),
  account: Type.Optional(Type.String({ maxLength: 200, description: "one account's external id" })),
});

export const CoverageRow = Obj({
  owner: Type.String(),
  tier: Nullable(Type.String()),
  accounts: Type.Integer(),
  arrMinor: Minor,
  targetAccounts: Nullable(Type.Integer()),
  targetArrMinor: Nullable(Minor),
  accountsVsTarget: Nullable(Type.Integer({ description: 'accounts minus the target (over: positive)' })),
  arrVsTargetMinor: Nullable(Minor),
});
export const Coverage = Obj({ items: Type.Array(CoverageRow) });

export const OverrideInput = Type.Object(
  {
    accountId: Type.String({ minLength: 1, maxLength: 200, description: "the account's external id" }),
    tier: Type.String({ minLength: 1, maxLength: 40 }),
    expiresOn: dayInput('the last day the override holds (required: every override expires)'),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const OverrideParams = Type.Object({ account: Type.String({ minLength: 1, maxLength: 200 }) });
