// Currency conversion of minor amounts with a daily rate table (the fx_rates table's shape).
// The rate for a day is the latest rate on or before it; amounts are rounded half-to-even.
import { currencyExponent } from './money.ts';
import { dayOf, formatDay, type DayNumber } from './period.ts';
import { scaleRoundHalfEven } from './rounding.ts';

/** One unit of `currency` is worth `rate` units of `quote` on `day` ('YYYY-MM-DD'). */
export interface FxRate {
  day: string;
  currency: string;
  quote: string;
  rate: number;
}

interface RateSeries {
  days: Int32Array;
  rates: Float64Array;
}

/** Rates into one reporting currency, per source currency, sorted by day. Build once, look up often. */
export interface FxTable {
  reportingCurrency: string;
  series: ReadonlyMap<string, RateSeries>;
}

export class MissingFxRateError extends Error {
  readonly currency: string;
  readonly reportingCurrency: string;
  readonly day: string;
  constructor(currency: string, reportingCurrency: string, day: DayNumber) {
    super(`no ${currency}→${reportingCurrency} rate on or before ${formatDay(day)}`);
    this.name = 'MissingFxRateError';
    this.currency = currency;
    this.reportingCurrency = reportingCurrency;
    this.day = formatDay(day);
  }
}

/**
 * Indexes rates quoted in `reportingCurrency`. A rate quoted the other way round (currency = reporting)
 * is used inverted when no direct rate exists for that day; rates between two other currencies are ignored.
 */
export function buildFxTable(rates: readonly FxRate[], reportingCurrency: string): FxTable {
  const byCurrency = new Map<string, Map<DayNumber, number>>();
  const add = (currency: string, day: DayNumber, rate: number, direct: boolean) => {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`fx rate for ${currency} must be positive`);
    let days = byCurrency.get(currency);
    if (!days) byCurrency.set(currency, (days = new Map<DayNumber, number>()));
    if (direct || !days.has(day)) days.set(day, rate);
  };
  for (const r of rates) {
    if (r.quote === reportingCurrency && r.currency !== reportingCurrency) add(r.currency, dayOf(r.day), r.rate, true);
  }
  for (const r of rates) {
    if (r.currency === reportingCurrency && r.quote !== reportingCurrency)
      add(r.quote, dayOf(r.day), 1 / r.rate, false);
  }
  const series = new Map<string, RateSeries>();
  for (const [currency, days] of byCurrency) {
    const sorted = [...days.entries()].sort((a, b) => a[0] - b[0]);
    series.set(currency, {
      days: Int32Array.from(sorted, ([day]) => day),
      rates: Float64Array.from(sorted, ([, rate]) => rate),
    });
  }
  return { reportingCurrency, series };
}

/** Units of the reporting currency per unit of `currency` on `day`: the latest rate on or before it. */
export function rateOn(table: FxTable, currency: string, day: DayNumber): number {
  if (currency === table.reportingCurrency) return 1;
  const s = table.series.get(currency);
  if (!s) throw new MissingFxRateError(currency, table.reportingCurrency, day);
  let lo = 0;
  let hi = s.days.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((s.days[mid] ?? 0) <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) throw new MissingFxRateError(currency, table.reportingCurrency, day);
  return s.rates[found] ?? 1;
}

/**
 * Converts minor units of `from` into minor units of `to` at `rate` (units of `to` per unit of `from`),
 * minding the currencies' exponents (JPY 0, USD 2, KWD 3), rounded half-to-even exactly.
 */
export function convertMinor(amountMinor: number, from: string, to: string, rate: number): number {
  if (from === to) return amountMinor;
  return scaleRoundHalfEven(amountMinor, rate, currencyExponent(to) - currencyExponent(from));
}

/** Converts at the table's rate for `day` into the table's reporting currency. */
export function convertOn(table: FxTable, amountMinor: number, currency: string, day: DayNumber): number {
  if (currency === table.reportingCurrency) return amountMinor;
  return convertMinor(amountMinor, currency, table.reportingCurrency, rateOn(table, currency, day));
}
