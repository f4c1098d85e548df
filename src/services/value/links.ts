// Share links of value reports as rows: each link made is recorded (who, for which period, until when), so one link
// can be withdrawn without touching the others, and the team sees which were opened, how often and when last.
import { audit } from '../audit.ts';
import { db, withTransaction, type ServiceContext } from '../context.ts';
import { NotFoundError } from '../playbooks/tasks.ts';
import { accountById } from './data.ts';

export type ShareLinkStatus = 'active' | 'expired' | 'revoked';

export interface ShareLinkRecord {
  id: number;
  accountId: number;
  from: string;
  to: string;
  expiresAt: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  lastOpenedAt: string | null;
  opens: number;
  status: ShareLinkStatus;
}

type LinkRow = {
  id: number;
  account_id: number;
  period_from: string;
  period_to: string;
  expires_at: Date | string;
  created_at: Date | string;
  created_by: string;
  revoked_at: Date | string | null;
  revoked_by: string | null;
  last_opened_at: Date | string | null;
  open_count: number;
};

const COLUMNS = `id, account_id, period_from, period_to, expires_at, created_at, created_by, revoked_at, revoked_by,
  last_opened_at, open_count`;
const iso = (v: Date | string) => new Date(v).toISOString();
const isoOrNull = (v: Date | string | null) => (v === null ? null : iso(v));

function toRecord(r: LinkRow, now: Date): ShareLinkRecord {
  const expiresAt = iso(r.expires_at);
  const status: ShareLinkStatus = r.revoked_at !== null ? 'revoked' : new Date(expiresAt) <= now ? 'expired' : 'active';
  return {
    id: r.id,
    accountId: r.account_id,
    from: r.period_from,
    to: r.period_to,
    expiresAt,
    createdAt: iso(r.created_at),
    createdBy: r.created_by,
    revokedAt: isoOrNull(r.revoked_at),
    revokedBy: r.revoked_by,
    lastOpenedAt: isoOrNull(r.last_opened_at),
    opens: r.open_count,
    status,
  };
}

/** Records a new link (in the caller's transaction) and returns its id, which the token then names. */
export async function recordShareLink(
  t: ServiceContext,
  link: { accountId: number; from: string; to: string; expiresAt: Date },
): Promise<number> {
  const [row] = await db(t).query<{ id: number }>(
    `INSERT INTO value_report_links (account_id, period_from, period_to, expires_at, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [link.accountId, link.from, link.to, link.expiresAt, t.now(), t.actor.label],
  );
  if (!row) throw new Error('the insert returned no row');
  return row.id;
}

/** One link by id, or null. */
export async function shareLinkById(ctx: ServiceContext, linkId: number): Promise<ShareLinkRecord | null> {
  const [row] = await db(ctx).query<LinkRow>(`SELECT ${COLUMNS} FROM value_report_links WHERE id = $1`, [linkId]);
  return row ? toRecord(row, ctx.now()) : null;
}

/** Counts one opening of a link that is still on record and not withdrawn. */
export async function countShareLinkOpen(ctx: ServiceContext, linkId: number): Promise<void> {
  await db(ctx).execute(
    `UPDATE value_report_links SET open_count = open_count + 1, last_opened_at = $2
      WHERE id = $1 AND revoked_at IS NULL`,
    [linkId, ctx.now()],
  );
}

/** An account's share links, newest first. */
export async function listValueShareLinks({
  ctx,
  accountId,
}: {
  ctx: ServiceContext;
  accountId: number;
}): Promise<ShareLinkRecord[]> {
  const account = await accountById(ctx, accountId);
  const rows = await db(ctx).query<LinkRow>(
    `SELECT ${COLUMNS} FROM value_report_links WHERE account_id = $1 ORDER BY created_at DESC, id DESC`,
    [account.id],
  );
  const now = ctx.now();
  return rows.map((r) => toRecord(r, now));
}

/**
 * Withdraws one link: it opens nothing from now on, while its expiry and the other links stay as they were.
 * `accountId`, when given, must be the link's account. Withdrawing a withdrawn link changes nothing.
 */
export async function revokeValueShareLink({
  ctx,
  linkId,
  accountId,
}: {
  ctx: ServiceContext;
  linkId: number;
  accountId?: number | undefined;
}): Promise<ShareLinkRecord> {
  return withTransaction(ctx, async (t) => {
    const [row] = await t.tx.query<LinkRow & { external_id: string }>(
      `SELECT l.id, l.account_id, l.period_from, l.period_to, l.expires_at, l.created_at, l.created_by, l.revoked_at,
              l.revoked_by, l.last_opened_at, l.open_count, a.external_id
         FROM value_report_links l JOIN accounts a ON a.id = l.account_id WHERE l.id = $1 FOR UPDATE OF l`,
      [linkId],
    );
    if (!row || (accountId !== undefined && row.account_id !== accountId))
      throw new NotFoundError(
        accountId === undefined ? `no share link ${linkId}` : `no share link ${linkId} for account ${accountId}`,
      );
    if (row.revoked_at !== null) return toRecord(row, t.now());
    const [updated] = await t.tx.query<LinkRow>(
      `UPDATE value_report_links SET revoked_at = $2, revoked_by = $3 WHERE id = $1 RETURNING ${COLUMNS}`,
      [linkId, t.now(), t.actor.label],
    );
    if (!updated) throw new NotFoundError(`no share link ${linkId}`);
    await audit(t.tx, t, 'value_report.revoke', `account:${row.external_id}`, {
      linkId,
      from: row.period_from,
      to: row.period_to,
    });
    return toRecord(updated, t.now());
  });
}
