// Share links for value reports: a signed, expiring token whose grant names one account and one period, so the link
// shows that report and nothing else. Changing any part of the token breaks its signature.
import { monthIndex } from '../../core/period.ts';
import type { ValueReportModel } from '../../core/value/types.ts';
import { audit } from '../audit.ts';
import { withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { publicLink, signLink, verifyLink } from '../signed-links.ts';
import { accountById } from './data.ts';
import { getValueSettings, resolvePeriod, valueReport, valueReportHtml, valueReportPdf } from './report.ts';

export const VALUE_REPORT_PURPOSE = 'value-report';

export interface ShareLink {
  url: string;
  pdfUrl: string;
  token: string;
  expiresAt: string;
  from: string;
  to: string;
}

const SUBJECT = /^(\d{1,15}):(\d{4}-\d{2}):(\d{4}-\d{2})$/;

/** Signs a link to an account's report for a period, valid `days` days (default: the settings' link days). */
export async function createValueShareLink({
  ctx,
  accountId,
  from,
  to,
  days,
}: {
  ctx: ServiceContext;
  accountId: number;
  from?: string | undefined;
  to?: string | undefined;
  days?: number | undefined;
}): Promise<ShareLink> {
  const account = await accountById(ctx, accountId);
  const period = resolvePeriod(ctx.now().toISOString().slice(0, 10), from, to);
  const lifetime = days ?? (await getValueSettings(ctx)).linkDays;
  const expiresAt = new Date(ctx.now().getTime() + lifetime * 86_400_000);
  const token = await signLink(ctx, {
    purpose: VALUE_REPORT_PURPOSE,
    subject: `${account.id}:${period.from}:${period.to}`,
    expiresAt,
  });
  // The link opens customer data to anyone holding it: who made it, for what and until when is on record
  // (not the token itself, which would let a reader of the audit log open the report).
  await withTransaction(ctx, (t) =>
    audit(t.tx, t, 'value_report.share', `account:${account.external_id}`, {
      ...period,
      expiresAt: expiresAt.toISOString(),
    }),
  );
  return {
    url: publicLink(ctx, `/r/${token}`),
    pdfUrl: publicLink(ctx, `/r/${token}.pdf`),
    token,
    expiresAt: expiresAt.toISOString(),
    ...period,
  };
}

export type SharedReport =
  { state: 'ok'; model: ValueReportModel } | { state: 'invalid' } | { state: 'expired'; expiresAt: string };

/** The report a token grants, or why it grants none. Only the token's account and period are ever read. */
export async function openValueShareLink({
  ctx,
  token,
}: {
  ctx: ServiceContext;
  token: string;
}): Promise<SharedReport> {
  const check = await verifyLink(ctx, VALUE_REPORT_PURPOSE, token);
  if (!check.ok)
    return check.reason === 'expired'
      ? { state: 'expired', expiresAt: check.expiresAt.toISOString() }
      : { state: 'invalid' };
  const match = SUBJECT.exec(check.subject);
  if (!match) return { state: 'invalid' };
  const [, id, from, to] = match as unknown as [string, string, string, string];
  try {
    monthIndex(from);
    monthIndex(to);
    return { state: 'ok', model: await valueReport({ ctx, accountId: Number(id), from, to }) };
  } catch (error) {
    // The account was deleted since, or the period no longer reads: the link opens nothing.
    if (error instanceof UsageError) return { state: 'invalid' };
    throw error;
  }
}

export async function sharedReportBody(model: ValueReportModel, format: 'html' | 'pdf'): Promise<string | Buffer> {
  return format === 'pdf' ? valueReportPdf(model) : valueReportHtml(model);
}
