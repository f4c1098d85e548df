// Sign-in and who is calling.
import { Type, type Static } from 'typebox';
import { Nullable, Obj } from './common.ts';

export const ROLES = ['admin', 'csm', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const SCOPES = ['read', 'write', 'ingest'] as const;
export type Scope = (typeof SCOPES)[number];

export const User = Obj({
  id: Type.Integer(),
  email: Type.String(),
  name: Nullable(Type.String()),
  role: Type.Enum(ROLES),
});
export type User = Static<typeof User>;

export const SignInBody = Type.Object({
  email: Type.String({ maxLength: 320 }),
  password: Type.String({ maxLength: 1024 }),
});
export type SignInBody = Static<typeof SignInBody>;

export const Session = Obj({ user: User, csrfToken: Type.String({ description: 'send as x-csrf-token on changes' }) });
export type Session = Static<typeof Session>;

export const Caller = Obj({
  user: Nullable(User),
  csrfToken: Nullable(Type.String()),
  key: Nullable(Obj({ name: Type.String(), prefix: Type.String(), scope: Type.Enum(SCOPES) })),
});
export type Caller = Static<typeof Caller>;
