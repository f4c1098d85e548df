// Account owners' HTTP contract: the owner is a Tenure user (or, until matched, an imported name).
import { Type, type Static } from 'typebox';
import { Nullable, Obj } from './common.ts';

export const OwnerStretchSchema = Obj({
  ownerName: Nullable(Type.String()),
  ownerUserId: Nullable(Type.Integer()),
  from: Type.String({ description: 'ISO 8601 UTC' }),
  to: Type.Union([Type.String(), Type.Null()], { description: 'null for the current owner' }),
});
export type OwnerStretch = Static<typeof OwnerStretchSchema>;

export const AccountOwnerSchema = Obj({
  accountId: Type.Integer(),
  externalId: Type.String(),
  ownerName: Nullable(Type.String()),
  ownerUserId: Nullable(Type.Integer()),
  history: Type.Array(OwnerStretchSchema),
});
export type AccountOwner = Static<typeof AccountOwnerSchema>;

export const OwnerChangeSchema = Obj({
  user: Type.Union([Type.String({ minLength: 1, maxLength: 320 }), Type.Null()], {
    description: "the new owner: a user's email, name or id; null for none",
  }),
});
export type OwnerChange = Static<typeof OwnerChangeSchema>;

export const OwnerLinkResultSchema = Obj({
  linked: Type.Integer({ description: 'accounts whose owner name now links to a user' }),
  unmatched: Type.Array(Obj({ ownerName: Type.String(), accounts: Type.Integer() })),
});
export type OwnerLinkResult = Static<typeof OwnerLinkResultSchema>;
