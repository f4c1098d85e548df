// Share links for value reports: a signed, expiring token whose grant names one account, one period and the link's
// row (see links.ts), so the link shows that report and nothing else, until it expires or is withdrawn. Changing any
// part of the token breaks its signature. Tokens made before links had rows (no row id) work until they expire.
import { monthIndex } from '../../core/period.ts';
import type { ValueReportModel } from '../../core/value/types.ts';
import { audit } from '../audit.ts';
import { withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { publicLink, signLink, verifyLink } from '../signed-links.ts';
import { accountById } from './data.ts';
import { countShareLinkOpen, recordShareLink, shareLinkById } from './links.ts';
import { getValueSettings, resolvePeriod, valueReport, valueReportHtml, valueReportPdf } from './report.ts';

export const VALUE_REPORT_PURPOSE = 'value-report';

export interface ShareLink {
  url: string;
  pdfUrl: string;
  token: string;
  expiresAt: string;
  from: string;
  to: string;
  /** The link's row: list or withdraw it by this id. */
  linkId: number;
}

/** account:from:to, then :linkId on links that have a row (the account comes first, as it always did). */
const SUBJECT = /^(\d{1,15}):(\d{4}-\d{2}):(\d{4}-\d{2})(?::(\d{1,15}))?$/;

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
  // The link opens customer data to anyone holding it: who made it, for what and until when is on record
  // (not the token itself, which would let a reader of the table or the audit log open the report).
  const linkId = await withTransaction(ctx, async (t) => {
    const id = await recordShareLink(t, { accountId: account.id, ...period, expiresAt });
    await audit(t.tx, t, 'value_report.share', `account:${account.external_id}`, {
      ...period,
      expiresAt: expiresAt.toISOString(),
      linkId: id,
    });
    return id;
  });
  return signedShareLink(ctx, { accountId: account.id, ...period, linkId, expiresAt });
}

/** The URL of a recorded link: its token names the account, period and row, signed to expire with the row. */
export async function signedShareLink(
  ctx: ServiceContext,
  link: { accountId: number; from: string; to: string; linkId: number; expiresAt: Date },
): Promise<ShareLink> {
  const token = await signLink(ctx, {
    purpose: VALUE_REPORT_PURPOSE,
    subject: `${link.accountId}:${link.from}:${link.to}:${link.linkId}`,
    expiresAt: link.expiresAt,
  });
  return {
    url: publicLink(ctx, `/r/${token}`),
    pdfUrl: publicLink(ctx, `/r/${token}.pdf`),
    token,
    expiresAt: link.expiresAt.toISOString(),
    from: link.from,
    to: link.to,
    linkId: link.linkId,
  };
}

export type SharedReport =
  | { state: 'ok'; model: ValueReportModel }
  | { state: 'invalid' }
  | { state: 'expired'; expiresAt: string }
  | { state: 'revoked' };

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
  const [, id, from, to, linkId] = match as unknown as [string, string, string, string, string | undefined];
  if (linkId !== undefined) {
    const link = await shareLinkById(ctx, Number(linkId));
    // No row: the account was deleted (its links with it); a row of another account cannot be, as signed.
    if (!link || link.accountId !== Number(id)) return { state: 'invalid' };
    if (link.revokedAt !== null) return { state: 'revoked' };
  }
  try {
    monthIndex(from);
    monthIndex(to);
    const model = await valueReport({ ctx, accountId: Number(id), from, to });
    if (linkId !== undefined) await countShareLinkOpen(ctx, Number(linkId));
    return { state: 'ok', model };
  } catch (error) {
    // The account was deleted since, or the period no longer reads: the link opens nothing.
    if (error instanceof UsageError) return { state: 'invalid' };
    throw error;
  }
}

export async function sharedReportBody(model: ValueReportModel, format: 'html' | 'pdf'): Promise<string | Buffer> {
  return format === 'pdf' ? valueReportPdf(model) : valueReportHtml(model);
}
