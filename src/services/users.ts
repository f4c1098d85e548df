// People who sign in: users with a role, password sign-in and server-side sessions.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { audit } from './audit.ts';
import { withTransaction, type ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';
import { linkOwners } from './owners.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

export const ROLES = ['admin', 'csm', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type User = {
  id: number;
  email: string;
  name: string | null;
  role: Role;
};

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

/** Sessions last two weeks from sign-in. */
export const SESSION_DAYS = 14;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new UsageError(`role must be one of ${ROLES.join(', ')}, found "${value}"`);
  }
  return value as Role;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

export async function createUser({
  ctx,
  email,
  password,
  role,
  name = null,
}: {
  ctx: ServiceContext;
  email: string;
  password: string;
  role: Role;
  name?: string | null;
}): Promise<User> {
  const normalized = email.trim().toLowerCase();
  if (!EMAIL.test(normalized)) throw new UsageError(`email must look like name@example.com, found "${email}"`);
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(`expected ${problem}`);
  const passwordHash = await hashPassword(password);
  return withTransaction(ctx, async (t) => {
    const [existing] = await t.tx.query(`SELECT 1 FROM users WHERE lower(email) = $1`, [normalized]);
    if (existing) throw new UsageError(`a user with email ${normalized} already exists`);
    const [row] = await t.tx.query<{ id: number }>(
      `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
      [normalized, name, role, passwordHash],
    );
    if (!row) throw new Error('insert returned no row');
    const { linked } = await linkOwners(t);
    await audit(t.tx, t, 'user.add', `user:${row.id}`, { email: normalized, name, role, accountsLinked: linked });
    return { id: row.id, email: normalized, name, role };
  });
}

export async function countUsers({ ctx }: { ctx: ServiceContext }): Promise<number> {
  const [row] = await ctx.store.query<{ n: number }>(`SELECT count(*) AS n FROM users WHERE NOT disabled`);
  return row?.n ?? 0;
}

/** Checks a password; returns the user, or null for an unknown email, a wrong password or a disabled user. */
export async function checkPassword({
  ctx,
  email,
  password,
}: {
  ctx: ServiceContext;
  email: string;
  password: string;
}): Promise<User | null> {
  const [row] = await ctx.store.query<User & { password_hash: string; disabled: boolean }>(
    `SELECT id, email, name, role, password_hash, disabled FROM users WHERE lower(email) = $1`,
    [email.trim().toLowerCase()],
  );
  // Hash even for an unknown email, so timing does not tell which emails exist.
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !ok || row.disabled) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Starts a session: returns the cookie value (shown to the browser only) and the session's CSRF token. */
export async function startSession({
  ctx,
  user,
  now = new Date(),
}: {
  ctx: ServiceContext;
  user: User;
  now?: Date;
}): Promise<{ cookie: string; session: Session }> {
  const cookie = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString();
  await ctx.store.execute(`INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)`, [
    sha256(cookie),
    user.id,
    csrfToken,
    expiresAt,
  ]);
  return { cookie, session: { user, csrfToken, expiresAt } };
}

export async function findSession({
  ctx,
  cookie,
  now = new Date(),
}: {
  ctx: ServiceContext;
  cookie: string;
  now?: Date;
}): Promise<Session | null> {
  const [row] = await ctx.store.query<User & { csrf_token: string; expires_at: Date | string }>(
    `SELECT u.id, u.email, u.name, u.role, s.csrf_token, s.expires_at
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`,
    [sha256(cookie), now.toISOString()],
  );
  if (!row) return null;
  return {
    user: { id: row.id, email: row.email, name: row.name, role: row.role },
    csrfToken: row.csrf_token,
    expiresAt: new Date(row.expires_at).toISOString(),
  };
}

export async function endSession({ ctx, cookie }: { ctx: ServiceContext; cookie: string }): Promise<void> {
  await ctx.store.execute(`DELETE FROM sessions WHERE id_hash = $1`, [sha256(cookie)]);
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
