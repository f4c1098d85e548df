// Value reports by email, ahead of renewals and business reviews. A daily job (value_report.schedule) keeps a row per
// occasion and recipient (renewal: the contract; review: its day) and queues one value_report.send job per new row;
// the send job mails the PDF with a share link, keeps each failure on the row, and raises value_report.sent.
import { addMonthsText, checkPeriod, lastFullQuarter } from '../../core/value/build.ts';
import { monthIndex, monthKey } from '../../core/period.ts';
import { audit } from '../audit.ts';
import { db, withTransaction, type ServiceContext } from '../context.ts';
import { InputError } from '../errors.ts';
import { enqueueJob } from '../jobs/jobs.ts';
import { accountById } from './data.ts';
import { getValueSettings } from './report.ts';
import { VALUE_SEND_ATTEMPTS, VALUE_SEND_JOB } from './send.ts';

export const VALUE_SCHEDULE_JOB = 'value_report.schedule';

const dayOfNow = (ctx: ServiceContext) => ctx.now().toISOString().slice(0, 10);
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export interface ReviewSchedule {
  reviewOn: string | null;
  cadenceMonths: number | null;
  recipient: string | null;
}

export async function getReviewSchedule({
  ctx,
  accountId,
}: {
  ctx: ServiceContext;
  accountId: number;
}): Promise<ReviewSchedule> {
  await accountById(ctx, accountId);
  const [row] = await db(ctx).query<{
    review_on: string | null;
    cadence_months: number | null;
    recipient: string | null;
  }>(`SELECT review_on, cadence_months, recipient FROM value_report_schedules WHERE account_id = $1`, [accountId]);
  return {
    reviewOn: row?.review_on ?? null,
    cadenceMonths: row?.cadence_months ?? null,
    recipient: row?.recipient ?? null,
  };
}

/** Sets an account's next business review (null: none) and how many months apart reviews fall. */
export async function setReviewSchedule({
  ctx,
  accountId,
  input,
}: {
  ctx: ServiceContext;
  accountId: number;
  input: { reviewOn: string | null; cadenceMonths?: number | null | undefined; recipient?: string | null | undefined };
}): Promise<ReviewSchedule> {
  const account = await accountById(ctx, accountId);
  const recipient = input.recipient?.trim() || null;
  if (recipient !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(recipient))
    throw new InputError({ file: 'request body' }, 'recipient', 'an email address', recipient);
  await withTransaction(ctx, async (t) => {
    await t.tx.execute(
      `INSERT INTO value_report_schedules (account_id, review_on, cadence_months, recipient, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id) DO UPDATE SET review_on = EXCLUDED.review_on,
         cadence_months = EXCLUDED.cadence_months, recipient = EXCLUDED.recipient, updated_by = EXCLUDED.updated_by,
         updated_at = EXCLUDED.updated_at`,
      [account.id, input.reviewOn, input.cadenceMonths ?? null, recipient, t.actor.label, t.now()],
    );
    await audit(t.tx, t, 'value_report.review_schedule', `account:${account.external_id}`, { ...input });
  });
  return getReviewSchedule({ ctx, accountId });
}

/** Who gets an account's report: the schedule's recipient, else the handoff's sponsors and champions with an email. */
async function recipients(ctx: ServiceContext, accountId: number, explicit: string | null): Promise<string[]> {
  if (explicit) return [explicit];
  const [row] = await db(ctx).query<{ stakeholders: { email?: string | null; role?: string }[] }>(
    `SELECT stakeholders FROM account_handoffs WHERE account_id = $1`,
    [accountId],
  );
  const emails = (row?.stakeholders ?? [])
    .filter((s) => (s.role === 'sponsor' || s.role === 'champion') && typeof s.email === 'string' && s.email !== '')
    .map((s) => String(s.email).toLowerCase());
  return [...new Set(emails)];
}

/** The contract year so far: from the contract's start month to the last full month (at most 36 months). */
function contractPeriod(startOn: string, today: string) {
  const to = monthIndex(today.slice(0, 7)) - 1;
  const from = Math.max(monthIndex(startOn.slice(0, 7)), to - 11);
  return from > to ? lastFullQuarter(today) : checkPeriod({ from: monthKey(from), to: monthKey(to) }, today);
}

interface Occasion {
  accountId: number;
  occasion: 'renewal' | 'review';
  key: string;
  period: { from: string; to: string };
  recipient: string | null;
}

async function dueOccasions(ctx: ServiceContext, today: string): Promise<Occasion[]> {
  const s = await getValueSettings(ctx);
  // A review day that has passed moves on by its cadence (or is cleared), so the next one is found.
  const passed = await db(ctx).query<{ account_id: number; review_on: string; cadence_months: number | null }>(
    `SELECT account_id, review_on, cadence_months FROM value_report_schedules WHERE review_on < $1::date`,
    [today],
  );
  for (const p of passed) {
    let next: string | null = p.review_on;
    while (next !== null && next < today) next = p.cadence_months ? addMonthsText(next, p.cadence_months) : null;
    await db(ctx).execute(`UPDATE value_report_schedules SET review_on = $2 WHERE account_id = $1`, [
      p.account_id,
      next,
    ]);
  }
  const renewals = await db(ctx).query<{ account_id: number; contract_id: string; start_on: string }>(
    `SELECT c.account_id, c.contract_id, c.start_on FROM contracts c
      WHERE c.exclusion_reason IS NULL AND c.end_on >= $1::date AND c.end_on <= $2::date`,
    [today, addDays(today, s.renewalLeadDays)],
  );
  const reviews = await db(ctx).query<{ account_id: number; review_on: string; recipient: string | null }>(
    `SELECT account_id, review_on, recipient FROM value_report_schedules WHERE review_on >= $1::date AND review_on <= $2::date`,
    [today, addDays(today, s.reviewLeadDays)],
  );
  const explicit = new Map(
    (
      await db(ctx).query<{ account_id: number; recipient: string | null }>(
        `SELECT account_id, recipient FROM value_report_schedules`,
      )
    ).map((r) => [r.account_id, r.recipient]),
  );
  return [
    ...renewals.map((r): Occasion => ({
      accountId: r.account_id,
      occasion: 'renewal',
      key: r.contract_id,
      period: contractPeriod(r.start_on, today),
      recipient: explicit.get(r.account_id) ?? null,
    })),
    ...reviews.map((r): Occasion => ({
      accountId: r.account_id,
      occasion: 'review',
      key: r.review_on,
      period: lastFullQuarter(today),
      recipient: r.recipient,
    })),
  ];
}

/** The daily schedule: rows for each renewal and review coming up, one send job per new row. */
export async function scheduleValueReports({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<{ queued: number; skipped: number }> {
  const today = dayOfNow(ctx);
  let queued = 0;
  let skipped = 0;
  for (const o of await dueOccasions(ctx, today)) {
    const to = await recipients(ctx, o.accountId, o.recipient);
    if (to.length === 0) skipped++;
    for (const address of to) {
      await withTransaction(ctx, async (t) => {
        const [row] = await t.tx.query<{ id: number }>(
          `INSERT INTO value_report_sends (account_id, occasion, occasion_key, period_from, period_to, to_address, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
          [o.accountId, o.occasion, o.key, o.period.from, o.period.to, address, t.now()],
        );
        if (!row) return;
        await enqueueJob(
          t,
          { kind: VALUE_SEND_JOB, payload: { sendId: row.id }, maxAttempts: VALUE_SEND_ATTEMPTS },
          { tx: t.tx },
        );
        queued++;
      });
    }
  }
  return { queued, skipped };
}

/** Queues one report email now (occasion 'manual'), e.g. from the CLI or the API. */
/** One address, no spaces or line breaks (a header injection), with a domain. */
export const isEmailAddress = (text: string): boolean => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text);

export async function queueValueReportEmail({
  ctx,
  accountId,
  to,
  period,
}: {
  ctx: ServiceContext;
  accountId: number;
  to: string;
  period: { from: string; to: string };
}): Promise<number> {
  // Named as the API's body names it ("to" there is the period's last month).
  if (!isEmailAddress(to)) throw new InputError({ file: 'request body' }, 'recipient', 'an email address', to);
  const account = await accountById(ctx, accountId);
  return withTransaction(ctx, async (t) => {
    const [row] = await t.tx.query<{ id: number }>(
      `INSERT INTO value_report_sends (account_id, occasion, occasion_key, period_from, period_to, to_address, created_at)
       VALUES ($1, 'manual', $2, $3, $4, $5, $6) RETURNING id`,
      [accountId, t.now().toISOString(), period.from, period.to, to, t.now()],
    );
    if (!row) throw new Error('the insert returned no row');
    const id = row.id;
    await audit(t.tx, t, 'value_report.email', `account:${account.external_id}`, {
      recipient: to,
      ...period,
      sendId: id,
    });
    await enqueueJob(
      t,
      { kind: VALUE_SEND_JOB, payload: { sendId: id }, maxAttempts: VALUE_SEND_ATTEMPTS },
      { tx: t.tx },
    );
    return id;
  });
}
