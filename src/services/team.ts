// Team administration: admins list users, change their role or name, and deactivate or reactivate them.
// A deactivated user cannot sign in and their sessions end at once; the last active admin cannot be removed.
import type { OwnerCandidates, TeamUser, UserUpdate } from '../contract/users.ts';
import { audit } from './audit.ts';
import { db, withTransaction, type ServiceContext, type TxContext } from './context.ts';
import { UsageError } from './errors.ts';
import { linkOwners } from './owners.ts';

type UserRow = {
  id: number | string;
  email: string;
  name: string | null;
  role: TeamUser['role'];
  disabled: boolean;
  created_at: Date | string;
  accounts_owned: number | string;
};

const SELECT_USERS = `SELECT u.id, u.email, u.name, u.role, u.disabled, u.created_at,
    (SELECT count(*) FROM accounts a WHERE a.owner_user_id = u.id) AS accounts_owned FROM users u`;

const toTeamUser = (r: UserRow): TeamUser => ({
  id: Number(r.id),
  email: r.email,
  name: r.name,
  role: r.role,
  active: !r.disabled,
  createdAt: new Date(r.created_at).toISOString(),
  accountsOwned: Number(r.accounts_owned),
});

export async function listUsers({ ctx }: { ctx: ServiceContext }): Promise<TeamUser[]> {
  return (await db(ctx).query<UserRow>(`${SELECT_USERS} ORDER BY u.id`)).map(toTeamUser);
}

/** One user as the team page shows them. */
export async function getUser(ctx: ServiceContext, id: number): Promise<TeamUser> {
  const [row] = await db(ctx).query<UserRow>(`${SELECT_USERS} WHERE u.id = $1`, [id]);
  if (!row) throw new UsageError(`no user with id ${id}`);
  return toTeamUser(row);
}

async function keepAnAdmin(t: TxContext, id: number): Promise<void> {
  const [row] = await t.tx.query<{ n: number | string }>(
    `SELECT count(*) AS n FROM users WHERE role = 'admin' AND NOT disabled AND id <> $1`,
    [id],
  );
  if (Number(row?.n ?? 0) === 0) throw new UsageError('this is the last active admin: make another admin first');
}

/** Applies the changes given (role, name, active) to one user; each change is one audit row. */
export async function updateUser({
  ctx,
  id,
  changes,
}: {
  ctx: ServiceContext;
  id: number;
  changes: UserUpdate;
}): Promise<TeamUser> {
  return withTransaction(ctx, async (t) => {
    const before = await getUser(t, id);
    const target = `user:${id}`;
    const demotes = changes.role !== undefined && changes.role !== 'admin' && before.role === 'admin';
    const deactivates = changes.active === false && before.active;
    if ((demotes || deactivates) && before.role === 'admin' && before.active) await keepAnAdmin(t, id);
    if (changes.role !== undefined && changes.role !== before.role) {
      await t.tx.execute(`UPDATE users SET role = $2, updated_at = now() WHERE id = $1`, [id, changes.role]);
      await audit(t.tx, t, 'user.role', target, { email: before.email, from: before.role, to: changes.role });
    }
    if (changes.name !== undefined && (changes.name?.trim() || null) !== before.name) {
      const name = changes.name?.trim() || null;
      await t.tx.execute(`UPDATE users SET name = $2, updated_at = now() WHERE id = $1`, [id, name]);
      await linkOwners(t);
      await audit(t.tx, t, 'user.rename', target, { email: before.email, from: before.name, to: name });
    }
    if (changes.active !== undefined && changes.active !== before.active) {
      await t.tx.execute(`UPDATE users SET disabled = $2, updated_at = now() WHERE id = $1`, [id, !changes.active]);
      if (!changes.active) {
        const ended = await t.tx.execute(`DELETE FROM sessions WHERE user_id = $1`, [id]);
        await audit(t.tx, t, 'user.deactivate', target, { email: before.email, sessionsEnded: ended });
      } else {
        await linkOwners(t);
        await audit(t.tx, t, 'user.reactivate', target, { email: before.email });
      }
    }
    return getUser(t, id);
  });
}

/** The user with this email, for the CLI (which names users by email). */
export async function userIdByEmail({ ctx, email }: { ctx: ServiceContext; email: string }): Promise<number> {
  const [row] = await db(ctx).query<{ id: number | string }>(`SELECT id FROM users WHERE lower(email) = lower($1)`, [
    email.trim(),
  ]);
  if (!row) throw new UsageError(`no user with email ${email}`);
  return Number(row.id);
}

/** Active admins and CSMs: whom an account may be given to. */
export async function ownerCandidates({ ctx }: { ctx: ServiceContext }): Promise<OwnerCandidates> {
  const users = await db(ctx).query<{ id: number; email: string; name: string | null }>(
    `SELECT id, email, name FROM users WHERE NOT disabled AND role IN ('admin', 'csm') ORDER BY coalesce(name, email)`,
  );
  return { users };
}
