// Account owners' HTTP contract: the owner is a Tenure user (or, until matched, an imported name).
import { Type, type Static } from 'typebox';

export const OwnerStretchSchema = Type.Object({
  ownerName: Type.Union([Type.String(), Type.Null()]),
  ownerUserId: Type.Union([Type.Integer(), Type.Null()]),
  from: Type.String({ description: 'ISO 8601 UTC' }),
  to: Type.Union([Type.String(), Type.Null()], { description: 'null for the current owner' }),
});
export type OwnerStretch = Static<typeof OwnerStretchSchema>;

export const AccountOwnerSchema = Type.Object({
  accountId: Type.Integer(),
  externalId: Type.String(),
  ownerName: Type.Union([Type.String(), Type.Null()]),
  ownerUserId: Type.Union([Type.Integer(), Type.Null()]),
  history: Type.Array(OwnerStretchSchema),
});
export type AccountOwner = Static<typeof AccountOwnerSchema>;

export const OwnerChangeSchema = Type.Object({
  user: Type.Union([Type.String({ minLength: 1, maxLength: 320 }), Type.Null()], {
    description: "the new owner: a user's email, name or id; null for none",
  }),
});

export const OwnerLinkResultSchema = Type.Object({
  linked: Type.Integer({ description: 'accounts whose owner name now links to a user' }),
  unmatched: Type.Array(Type.Object({ ownerName: Type.String(), accounts: Type.Integer() })),
});
export type OwnerLinkResult = Static<typeof OwnerLinkResultSchema>;
