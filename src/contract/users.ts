// Team administration's HTTP contract: users and API keys.
import { Type, type Static } from 'typebox';

export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('csm'), Type.Literal('viewer')]);
export const ScopeSchema = Type.Union([Type.Literal('read'), Type.Literal('write'), Type.Literal('ingest')]);

export const TeamUserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  role: RoleSchema,
  active: Type.Boolean({ description: 'false once deactivated: cannot sign in, sessions ended' }),
  createdAt: Type.String(),
  accountsOwned: Type.Integer({ description: 'accounts whose owner is linked to this user' }),
});
export type TeamUser = Static<typeof TeamUserSchema>;

export const UserListSchema = Type.Object({ users: Type.Array(TeamUserSchema) });

export const UserCreateSchema = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 320 }),
  name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  role: RoleSchema,
  password: Type.String({ minLength: 10, maxLength: 1024 }),
});
export type UserCreate = Static<typeof UserCreateSchema>;

export const UserUpdateSchema = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UserUpdate = Static<typeof UserUpdateSchema>;

export const UserIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export const ApiKeyInfoSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  scope: ScopeSchema,
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export type ApiKeyInfo = Static<typeof ApiKeyInfoSchema>;

export const ApiKeyListSchema = Type.Object({ keys: Type.Array(ApiKeyInfoSchema) });

export const ApiKeyCreateSchema = Type.Object({
  scope: ScopeSchema,
  name: Type.Optional(Type.String({ maxLength: 200 })),
});

export const ApiKeyCreatedSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  scope: ScopeSchema,
  key: Type.String({ description: 'the key itself: shown this once, stored only hashed' }),
});

export const ApiKeyPrefixParams = Type.Object({ prefix: Type.String({ pattern: '^[0-9a-f]{12}$' }) });

/** People who may own accounts, for an owner picker: active admins and CSMs, no other detail. */
export const OwnerCandidatesSchema = Type.Object({
  users: Type.Array(
    Type.Object({ id: Type.Integer(), email: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
  ),
});
export type OwnerCandidates = Static<typeof OwnerCandidatesSchema>;
