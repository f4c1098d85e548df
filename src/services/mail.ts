// Outgoing mail over TENURE_SMTP_URL (nodemailer): one transport per message, closed after it, so a job that fails
// leaves nothing open. Callers keep their own rows and retries (survey invitations, playbook emails, value reports).
import nodemailer from 'nodemailer';
import type { ServiceContext } from './context.ts';

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
};

/** Sends one message; throws when SMTP is not configured or the server refuses it. */
export async function sendMail(ctx: ServiceContext, message: MailMessage): Promise<void> {
  if (!ctx.config.smtp.url) throw new Error('TENURE_SMTP_URL is not set');
  const transport = nodemailer.createTransport(ctx.config.smtp.url);
  try {
    await transport.sendMail({ from: ctx.config.smtp.from, ...message });
  } finally {
    transport.close();
  }
}
