// CSM sentiment: a red, yellow or green call set by hand on an account, counting until its expiry day.
import type { Sentiment } from '../../contract/health-scores.ts';
import { deleteSentiment, readSentiments, writeSentiment } from '../../store/health.ts';
import { accountIdsByExternalId } from '../../store/surveys.ts';
import { audit } from '../audit.ts';
import { db, nowOf, withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { todayUtc } from '../revenue.ts';
import { queueRescore } from './scorecards.ts';

export const SENTIMENTS = ['red', 'yellow', 'green'] as const;
export type SentimentBand = (typeof SENTIMENTS)[number];

/** The store id of an account named by its external id (or, failing that, its numeric id). */
export async function resolveAccount(ctx: ServiceContext, account: string): Promise<number> {
  const found = (await accountIdsByExternalId(db(ctx), [account])).get(account);
  if (found !== undefined) return found;
  if (/^\d{1,15}$/.test(account)) {
    const [row] = await db(ctx).query<{ id: number }>(`SELECT id FROM accounts WHERE id = $1`, [Number(account)]);
    if (row) return row.id;
  }
  throw new UsageError(`there is no account "${account}" (give its id as imported)`);
}

/** Sets the account's sentiment until `until` (inclusive); a day in the past is refused. */
export async function setSentiment({
  ctx,
  accountId,
  sentiment,
  until,
  note = null,
}: {
  ctx: ServiceContext;
  accountId: number;
  sentiment: SentimentBand;
  until: string;
  note?: string | null;
}): Promise<Sentiment> {
  if (!(SENTIMENTS as readonly string[]).includes(sentiment)) {
    throw new UsageError(`sentiment must be one of ${SENTIMENTS.join(', ')}, found "${sentiment}"`);
  }
  const today = todayUtc(nowOf(ctx));
  if (until < today) throw new UsageError(`--until must be today (${today}) or later, found "${until}"`);
  return withTransaction(ctx, async (tx) => {
    const [exists] = await tx.tx.query<{ id: number }>(`SELECT id FROM accounts WHERE id = $1`, [accountId]);
    if (!exists) throw new UsageError(`there is no account with id ${accountId}`);
    const row = {
      accountId,
      sentiment,
      until,
      note: note === null || note.trim() === '' ? null : note.trim(),
      setBy: ctx.actor.label,
      setAt: nowOf(ctx).toISOString(),
    };
    await writeSentiment(tx.tx, row);
    await audit(tx.tx, ctx, 'health.sentiment.set', `account:${accountId}`, { sentiment, until, note: row.note });
    await queueRescore(tx);
    return { sentiment, until, note: row.note, setBy: row.setBy, setAt: row.setAt, expired: false };
  });
}

export async function clearSentiment({ ctx, accountId }: { ctx: ServiceContext; accountId: number }): Promise<boolean> {
  return withTransaction(ctx, async (tx) => {
    const removed = await deleteSentiment(tx.tx, accountId);
    if (removed) {
      await audit(tx.tx, ctx, 'health.sentiment.clear', `account:${accountId}`);
      await queueRescore(tx);
    }
    return removed;
  });
}

export async function currentSentiment(ctx: ServiceContext, accountId: number) {
  const [row] = await readSentiments(db(ctx), accountId);
  return row ?? null;
}
