// Display formats: money from integer minor units in its currency, rates as percentages, months as words.

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, compact: boolean): Intl.NumberFormat {
  const key = `${currency}|${compact}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      // Three significant digits when compact: $1.98M, not $2M; $19.8K; $980.
      ...(compact ? { notation: 'compact', maximumSignificantDigits: 3 } : {}),
    });
    moneyFormats.set(key, format);
  }
  return format;
}

/** Minor digits of a currency as ISO 4217 defines them (2 for USD, 0 for JPY, 3 for KWD). */
export function minorDigits(currency: string): number {
  return moneyFormat(currency, false).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Integer minor units to major units: 123456 USD → 1234.56. */
export function toMajor(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** minorDigits(currency);
}

export function formatMoney(amountMinor: number | null | undefined, currency: string, compact = false): string {
  if (amountMinor === null || amountMinor === undefined) return '—';
  return formatMajor(toMajor(amountMinor, currency), currency, compact);
}

/** An amount already in major units (chart axes and tooltips work in major units). */
export function formatMajor(amount: number | null | undefined, currency: string, compact = false): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '—';
  return moneyFormat(currency, compact).format(amount);
}

/** A signed amount for movements: "+$1,200.00", "−$300.00". */
export function formatSignedMoney(amountMinor: number, currency: string, compact = false): string {
  const text = formatMoney(Math.abs(amountMinor), currency, compact);
  if (amountMinor > 0) return `+${text}`;
  return amountMinor < 0 ? `−${text}` : text;
}

export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(rate * 100).toFixed(digits)}%`;
}

const integerFormat = new Intl.NumberFormat('en-US');
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : integerFormat.format(n);
}

/** A count with its noun, singular for exactly one: "1 day", "30 days", "1,200 accounts". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/**
 * The change from `before` to `now` as "▲ 2.5%" / "▼ 0.3%", or "no change" when it rounds to 0.0% (never
 * "▲ 0.0%"); null when there is nothing to compare with.
 */
export function formatChange(now: number | null, before: number | null | undefined): string | null {
  if (now === null || before === null || before === undefined || before === 0) return null;
  const delta = (now - before) / Math.abs(before);
  const shown = formatPercent(Math.abs(delta));
  if (shown === formatPercent(0)) return 'no change';
  return `${delta > 0 ? '▲' : '▼'} ${shown}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2024-03' → 'Mar 2024'; anything else is returned as it is. */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const name = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && name ? `${name} ${match[1]}` : month;
}

/** '2024-03-15' → 'Mar 15, 2024' ('2024-03' → 'Mar 2024'). */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  if (/^\d{4}-\d{2}$/.test(date)) return formatMonth(date);
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  const name = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && name ? `${name} ${Number(match[3])}, ${match[1]}` : date;
}
