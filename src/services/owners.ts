// Owners are users: an account's owner CSM links to a Tenure user. An imported owner name stays as text until a
// user with that name or email exists; the store keeps every stretch of ownership (account_owner_history).
import type { AccountOwner, OwnerLinkResult } from '../contract/owners.ts';
import { audit } from './audit.ts';
import { db, withTransaction, type ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';

type OwnerRow = { id: number; external_id: string; owner_csm: string | null; owner_user_id: number | null };

/** An account by its Tenure id (a number, as in the API's URLs) or its own external id (text, as in files). */
export type AccountRef = number | string;

async function findAccount(ctx: ServiceContext, account: AccountRef): Promise<OwnerRow> {
  const [row] = await db(ctx).query<OwnerRow>(
    `SELECT id, external_id, owner_csm, owner_user_id FROM accounts WHERE ${typeof account === 'number' ? 'id' : 'external_id'} = $1`,
    [account],
  );
  if (!row) throw new UsageError(`no account with id "${account}"`);
  return row;
}

/** An active user by email, id or display name (a name must be unambiguous). */
export async function findUser(
  ctx: ServiceContext,
  who: string,
): Promise<{ id: number; email: string; name: string | null }> {
  const rows = await db(ctx).query<{ id: number; email: string; name: string | null }>(
    `SELECT id, email, name FROM users
      WHERE NOT disabled AND (lower(email) = lower($1) OR lower(name) = lower($1)
            OR ($1 ~ '^[0-9]{1,15}$' AND id = $1::bigint))
      ORDER BY (lower(email) = lower($1)) DESC, id`,
    [who.trim()],
  );
  const [first, second] = rows;
  if (!first) throw new UsageError(`no active user with email, name or id "${who}"`);
  if (second && first.email.toLowerCase() !== who.trim().toLowerCase()) {
    throw new UsageError(`${rows.length} users are called "${who}": name the owner by email`);
  }
  return first;
}

/**
 * Links every account whose owner name matches an active user's name or email (case-insensitive) and is not
 * linked yet. Runs when a user is added or renamed; `tenure accounts link-owners` runs it by hand.
 */
export async function linkOwners(ctx: ServiceContext): Promise<OwnerLinkResult> {
  const q = db(ctx);
  const linked = await q.execute(
    `UPDATE accounts a SET owner_user_id = (
        SELECT u.id FROM users u WHERE NOT u.disabled
           AND (lower(u.name) = lower(a.owner_csm) OR lower(u.email) = lower(a.owner_csm)) ORDER BY u.id LIMIT 1)
      WHERE a.owner_user_id IS NULL AND a.owner_csm IS NOT NULL
        AND EXISTS (SELECT 1 FROM users u WHERE NOT u.disabled
                       AND (lower(u.name) = lower(a.owner_csm) OR lower(u.email) = lower(a.owner_csm)))`,
  );
  const unmatched = await q.query<{ ownerName: string; accounts: number | string }>(
    `SELECT owner_csm AS "ownerName", count(*) AS accounts FROM accounts
      WHERE owner_user_id IS NULL AND owner_csm IS NOT NULL GROUP BY owner_csm ORDER BY owner_csm`,
  );
  return { linked, unmatched: unmatched.map((u) => ({ ownerName: u.ownerName, accounts: Number(u.accounts) })) };
}

/** `linkOwners` as a verb of its own, audited. */
export async function linkOwnersVerb({ ctx }: { ctx: ServiceContext }): Promise<OwnerLinkResult> {
  return withTransaction(ctx, async (t) => {
    const result = await linkOwners(t);
    await audit(t.tx, t, 'account.link-owners', null, { linked: result.linked });
    return result;
  });
}

/** Makes `user` (email, name or id; null for nobody) the owner of `account`; the history and audit log follow. */
export async function setAccountOwner({
  ctx,
  account,
  user,
}: {
  ctx: ServiceContext;
  account: AccountRef;
  user: string | null;
}): Promise<AccountOwner> {
  return withTransaction(ctx, async (t) => {
    const before = await findAccount(t, account);
    const owner = user === null ? null : await findUser(t, user);
    if ((owner?.id ?? null) !== before.owner_user_id || (owner === null && before.owner_csm !== null)) {
      await t.tx.execute(`UPDATE accounts SET owner_csm = $2, owner_user_id = $3, updated_at = now() WHERE id = $1`, [
        before.id,
        owner ? (owner.name ?? owner.email) : null,
        owner?.id ?? null,
      ]);
      await audit(t.tx, t, 'account.owner', `account:${before.external_id}`, {
        from: before.owner_csm,
        fromUserId: before.owner_user_id,
        to: owner ? (owner.name ?? owner.email) : null,
        toUserId: owner?.id ?? null,
      });
    }
    return accountOwner({ ctx: t, account: before.id });
  });
}

export async function accountOwner({
  ctx,
  account,
}: {
  ctx: ServiceContext;
  account: AccountRef;
}): Promise<AccountOwner> {
  const row = await findAccount(ctx, account);
  const history = await db(ctx).query<{
    owner_name: string | null;
    owner_user_id: number | null;
    valid_from: Date | string;
    valid_to: Date | string | null;
  }>(
    `SELECT owner_name, owner_user_id, valid_from, valid_to FROM account_owner_history
      WHERE account_id = $1 ORDER BY valid_from, id`,
    [row.id],
  );
  return {
    accountId: row.id,
    externalId: row.external_id,
    ownerName: row.owner_csm,
    ownerUserId: row.owner_user_id,
    history: history.map((h) => ({
      ownerName: h.owner_name,
      ownerUserId: h.owner_user_id,
      from: new Date(h.valid_from).toISOString(),
      to: h.valid_to === null ? null : new Date(h.valid_to).toISOString(),
    })),
  };
}
