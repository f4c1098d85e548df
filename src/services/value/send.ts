// The `value_report.send` job: mails one queued value report (the PDF attached, with a share link) over
// TENURE_SMTP_URL; each failure is kept on its row with the number of tries, the last try marks it failed, and a
// sent report raises value_report.sent.
import type { ValueReportModel } from '../../core/value/types.ts';
import { db, withTransaction, type ServiceContext } from '../context.ts';
import { sendMail } from '../mail.ts';
import { emitEvent } from '../webhooks/events.ts';
import { accountById } from './data.ts';
import { valueReport, valueReportPdf } from './report.ts';
import { shareLinkById } from './links.ts';
import { createValueShareLink, signedShareLink, type ShareLink } from './share.ts';

export const VALUE_SEND_JOB = 'value_report.send';
export const VALUE_SEND_ATTEMPTS = 5;

type SendRow = {
  id: number;
  account_id: number;
  occasion: string;
  period_from: string;
  period_to: string;
  to_address: string;
  status: string;
  link_id: number | null;
};

/** The email's subject and text; with no company name set, neither names a sender. */
export function reportMessage(
  model: Pick<ValueReportModel, 'account' | 'company' | 'period'>,
  link: { url: string; expiresAt: string },
): { subject: string; text: string } {
  const company = model.company.name;
  const text = [
    `Hello,`,
    ``,
    `Here is what ${model.account.name} achieved${company ? ` with ${company}` : ''} in ${model.period.label}: the outcomes agreed at the start, usage, and the value delivered.`,
    ``,
    `The report is attached as a PDF, and online here until ${link.expiresAt.slice(0, 10)}:`,
    link.url,
  ].join('\n');
  const subject = company
    ? `${company}: your value report, ${model.period.label}`
    : `Your value report, ${model.period.label}`;
  return { subject, text };
}

/**
 * The share link this email carries: the one an earlier try of the same email made, while it is on record, not
 * withdrawn and not expired; else a new one, kept on the row (a retried send does not make a link per try).
 */
async function linkOf(ctx: ServiceContext, row: SendRow): Promise<ShareLink> {
  const earlier = row.link_id === null ? null : await shareLinkById(ctx, row.link_id);
  if (earlier?.status === 'active')
    return signedShareLink(ctx, { ...earlier, linkId: earlier.id, expiresAt: new Date(earlier.expiresAt) });
  const link = await createValueShareLink({ ctx, accountId: row.account_id, from: row.period_from, to: row.period_to });
  await db(ctx).execute(`UPDATE value_report_sends SET link_id = $2 WHERE id = $1`, [row.id, link.linkId]);
  return link;
}

async function mailReport(ctx: ServiceContext, row: SendRow): Promise<void> {
  const model = await valueReport({ ctx, accountId: row.account_id, from: row.period_from, to: row.period_to });
  const pdf = await valueReportPdf(model);
  const link = await linkOf(ctx, row);
  await sendMail(ctx, {
    to: row.to_address,
    ...reportMessage(model, link),
    attachments: [
      {
        filename: `value-report-${model.period.from}-${model.period.to}.pdf`,
        content: pdf,
        contentType: 'application/pdf',
      },
    ],
  });
}

/** Sends one queued report email; a failure is kept on the row (the last try marks it failed) and rethrown. */
export async function sendValueReport(
  ctx: ServiceContext,
  job: { sendId: number; attempt: number; maxAttempts: number },
): Promise<'sent' | 'skipped'> {
  const [row] = await db(ctx).query<SendRow>(
    `SELECT id, account_id, occasion, period_from, period_to, to_address, status, link_id
       FROM value_report_sends WHERE id = $1`,
    [job.sendId],
  );
  if (!row || row.status !== 'queued') return 'skipped';
  try {
    await mailReport(ctx, row);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db(ctx).execute(
      `UPDATE value_report_sends SET attempts = attempts + 1, error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END
        WHERE id = $1`,
      [row.id, message, job.attempt >= job.maxAttempts],
    );
    throw error;
  }
  await withTransaction(ctx, async (t) => {
    await t.tx.execute(
      `UPDATE value_report_sends SET attempts = attempts + 1, error = NULL, status = 'sent', sent_at = $2 WHERE id = $1`,
      [row.id, t.now()],
    );
    const account = await accountById(t, row.account_id);
    await emitEvent(
      t,
      'value_report.sent',
      {
        account_id: account.external_id,
        occasion: row.occasion,
        from: row.period_from,
        to: row.period_to,
        to_address: row.to_address,
      },
      { tx: t.tx },
    );
  });
  return 'sent';
}
