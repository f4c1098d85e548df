// Team administration's HTTP contract: users and API keys.
import { Type, type Static } from 'typebox';
import { IdParams, Nullable, Obj } from './common.ts';

export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('csm'), Type.Literal('viewer')]);
export const ScopeSchema = Type.Union([Type.Literal('read'), Type.Literal('write'), Type.Literal('ingest')]);

export const TeamUserSchema = Obj({
  id: Type.Integer(),
  email: Type.String(),
  name: Nullable(Type.String()),
  role: RoleSchema,
  active: Type.Boolean({ description: 'false once deactivated: cannot sign in, sessions ended' }),
  createdAt: Type.String(),
  accountsOwned: Type.Integer({ description: 'accounts whose owner is linked to this user' }),
});
export type TeamUser = Static<typeof TeamUserSchema>;

export const UserListSchema = Obj({ users: Type.Array(TeamUserSchema) });
export type UserList = Static<typeof UserListSchema>;

export const UserCreateSchema = Obj({
  email: Type.String({ minLength: 3, maxLength: 320 }),
  name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  role: RoleSchema,
  password: Type.String({ minLength: 10, maxLength: 1024 }),
});
export type UserCreate = Static<typeof UserCreateSchema>;

export const UserUpdateSchema = Obj({
  role: Type.Optional(RoleSchema),
  name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  active: Type.Optional(Type.Boolean()),
});
export type UserUpdate = Static<typeof UserUpdateSchema>;

/** A user's id in a path: the common id (a positive whole number JavaScript holds exactly). */
export const UserIdParams = IdParams;

export const ApiKeyInfoSchema = Obj({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  scope: ScopeSchema,
  createdAt: Type.String(),
  revokedAt: Nullable(Type.String()),
});
export type ApiKeyInfo = Static<typeof ApiKeyInfoSchema>;

export const ApiKeyListSchema = Obj({ keys: Type.Array(ApiKeyInfoSchema) });
export type ApiKeyList = Static<typeof ApiKeyListSchema>;

export const ApiKeyCreateSchema = Obj({
  scope: ScopeSchema,
  name: Type.Optional(Type.String({ maxLength: 200 })),
});
export type ApiKeyCreate = Static<typeof ApiKeyCreateSchema>;

export const ApiKeyCreatedSchema = Obj({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  scope: ScopeSchema,
  key: Type.String({ description: 'the key itself: shown this once, stored only hashed' }),
});
export type ApiKeyCreated = Static<typeof ApiKeyCreatedSchema>;

export const ApiKeyPrefixParams = Type.Object({
  prefix: Type.String({ pattern: '^[0-9a-f]{12}$', description: 'the 12 hex digits after tnr_' }),
});

/** People who may own accounts, for an owner picker: active admins and CSMs, no other detail. */
export const OwnerCandidatesSchema = Obj({
  users: Type.Array(Obj({ id: Type.Integer(), email: Type.String(), name: Nullable(Type.String()) })),
});
export type OwnerCandidates = Static<typeof OwnerCandidatesSchema>;
