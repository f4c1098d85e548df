// The `playbook.email` job: mails one queued playbook email over TENURE_SMTP_URL (nodemailer); each failure is kept
// on the row with the number of tries, and the last try marks it failed.
import { db, type ServiceContext } from '../context.ts';
import { sendMail } from '../mail.ts';

export const PLAYBOOK_EMAIL_JOB = 'playbook.email';
export const PLAYBOOK_EMAIL_ATTEMPTS = 5;

type QueuedEmail = {
  id: number;
  to_address: string;
  subject: string;
  body: string;
  status: string;
};

export async function sendPlaybookEmail(
  ctx: ServiceContext,
  job: { emailId: number; attempt: number; maxAttempts: number },
): Promise<'sent' | 'skipped'> {
  const [email] = await db(ctx).query<QueuedEmail>(
    `SELECT id, to_address, subject, body, status FROM playbook_emails WHERE id = $1`,
    [job.emailId],
  );
  if (!email || email.status !== 'queued') return 'skipped';
  try {
    await sendMail(ctx, { to: email.to_address, subject: email.subject, text: email.body });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const last = job.attempt >= job.maxAttempts;
    await db(ctx).execute(
      `UPDATE playbook_emails SET attempts = attempts + 1, error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END
        WHERE id = $1`,
      [email.id, message, last],
    );
    throw error;
  }
  await db(ctx).execute(
    `UPDATE playbook_emails SET attempts = attempts + 1, error = NULL, status = 'sent', sent_at = $2 WHERE id = $1`,
    [email.id, ctx.now()],
  );
  return 'sent';
}
