// The value report of one account for a period: settings (the company's name and colour, lead times), the model,
// and its two renderings, the HTML page and the PDF, both drawn from one view of one model.
import { buildValueReport, checkPeriod, lastFullQuarter, periodDays } from '../../core/value/build.ts';
import { renderValueHtml } from '../../core/value/html.ts';
import type { ValuePeriod, ValueReportModel } from '../../core/value/types.ts';
import { reportView } from '../../core/value/view.ts';
import { audit } from '../audit.ts';
import { db, withTransaction, type ServiceContext } from '../context.ts';
import { InputError, UsageError } from '../errors.ts';
import { loadValueData } from './data.ts';
import { renderValuePdf } from './pdf.ts';

export interface ValueSettings {
  /**
   * Shown on every report: the name customers know you by. Unset (''), TENURE_COMPANY_NAME is used; with neither,
   * reports name no sender.
   */
  companyName: string;
  /** #RRGGBB. */
  brandColor: string;
  /** Reports are emailed this many days before a contract's renewal date. */
  renewalLeadDays: number;
  /** …and this many days before a business review. */
  reviewLeadDays: number;
  /** Share links last this many days. */
  linkDays: number;
  /** Fewer similar customers and the comparison is left out. */
  minPeers: number;
}

export const DEFAULT_VALUE_SETTINGS: ValueSettings = {
  companyName: '',
  brandColor: '#2457a7',
  renewalLeadDays: 60,
  reviewLeadDays: 7,
  linkDays: 30,
  minPeers: 5,
};
const SETTINGS_KEY = 'value_reports';

function whole(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new InputError(
      { file: 'value report settings' },
      field,
      `a whole number from ${min} to ${max}`,
      String(value),
    );
  return value;
}

/** A value as InputError shows it (it quotes it): text as it is, not quoted twice ("\"red\""). */
const foundText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Checks settings field by field; unknown fields are refused. */
export function parseValueSettings(raw: unknown, base: ValueSettings): ValueSettings {
  const where = { file: 'value report settings' };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new InputError(where, undefined, 'an object');
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj))
    if (!(key in DEFAULT_VALUE_SETTINGS))
      throw new InputError(where, key, `one of ${Object.keys(DEFAULT_VALUE_SETTINGS).join(', ')}`);
  const out = { ...base };
  if (obj.companyName !== undefined) {
    if (typeof obj.companyName !== 'string' || obj.companyName.trim() === '' || obj.companyName.length > 200)
      throw new InputError(where, 'companyName', 'a name of 1 to 200 characters', foundText(obj.companyName));
    out.companyName = obj.companyName.trim();
  }
  if (obj.brandColor !== undefined) {
    if (typeof obj.brandColor !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(obj.brandColor))
      throw new InputError(where, 'brandColor', 'a colour #RRGGBB', foundText(obj.brandColor));
    out.brandColor = obj.brandColor;
  }
  if (obj.renewalLeadDays !== undefined) out.renewalLeadDays = whole(obj.renewalLeadDays, 'renewalLeadDays', 1, 365);
  if (obj.reviewLeadDays !== undefined) out.reviewLeadDays = whole(obj.reviewLeadDays, 'reviewLeadDays', 0, 90);
  if (obj.linkDays !== undefined) out.linkDays = whole(obj.linkDays, 'linkDays', 1, 365);
  if (obj.minPeers !== undefined) out.minPeers = whole(obj.minPeers, 'minPeers', 5, 1000);
  return out;
}

/** The settings as stored (companyName '' when none was set). */
async function storedValueSettings(ctx: ServiceContext): Promise<ValueSettings> {
  const [row] = await db(ctx).query<{ value: unknown }>(`SELECT value FROM settings WHERE key = $1`, [SETTINGS_KEY]);
  if (!row) return DEFAULT_VALUE_SETTINGS;
  try {
    return parseValueSettings(row.value, DEFAULT_VALUE_SETTINGS);
  } catch {
    return DEFAULT_VALUE_SETTINGS;
  }
}

/** The settings in force: a company name set here, else TENURE_COMPANY_NAME, else none (''). */
const inForce = (ctx: ServiceContext, stored: ValueSettings): ValueSettings => ({
  ...stored,
  companyName: stored.companyName || ctx.config.companyName || '',
});

export async function getValueSettings(ctx: ServiceContext): Promise<ValueSettings> {
  return inForce(ctx, await storedValueSettings(ctx));
}

export async function setValueSettings({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: unknown;
}): Promise<ValueSettings> {
  const next = parseValueSettings(input, await storedValueSettings(ctx));
  // A name never set is not stored, so TENURE_COMPANY_NAME keeps applying when other settings change.
  const { companyName, ...rest } = next;
  const stored = companyName ? next : rest;
  await withTransaction(ctx, async (t) => {
    await t.tx.execute(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
      [SETTINGS_KEY, JSON.stringify(stored), t.now()],
    );
    await audit(t.tx, t, 'value_reports.settings', 'settings:value_reports', { ...stored });
  });
  return inForce(ctx, next);
}

const today = (ctx: ServiceContext) => ctx.now().toISOString().slice(0, 10);

/** The period asked for, or the last full quarter; a bad one is a UsageError naming what is wrong. */
export function resolvePeriod(asOf: string, from?: string, to?: string): ValuePeriod {
  if (from === undefined && to === undefined) return lastFullQuarter(asOf);
  const period = { from: from ?? to ?? '', to: to ?? from ?? '' };
  try {
    return checkPeriod(period, asOf);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The report model of an account for a period (default: the last full quarter before today). */
export async function valueReport({
  ctx,
  accountId,
  from,
  to,
}: {
  ctx: ServiceContext;
  accountId: number;
  from?: string | undefined;
  to?: string | undefined;
}): Promise<ValueReportModel> {
  const asOf = today(ctx);
  const period = resolvePeriod(asOf, from, to);
  const { firstDay, lastDay } = periodDays(period, asOf);
  const settings = await getValueSettings(ctx);
  const data = await loadValueData(ctx, { accountId, ...period, firstDay, lastDay, asOf });
  return buildValueReport({
    ...data,
    company: { name: settings.companyName, brandColor: settings.brandColor },
    minPeers: settings.minPeers,
  });
}

export const valueReportHtml = (model: ValueReportModel): string => renderValueHtml(reportView(model));
export const valueReportPdf = (model: ValueReportModel): Promise<Buffer> => renderValuePdf(reportView(model));
