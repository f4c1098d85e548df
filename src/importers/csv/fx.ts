import { csvRows, KeyLines, mapColumns, type ColumnSpecs } from './columns.ts';
import type { CsvTable } from './read.ts';
import { parseRate } from './values.ts';

export const FX_COLUMNS = {
  date: { names: ['date', 'on_date', 'day'], required: true },
  currency: { names: ['currency', 'base'], required: true },
  rate: { names: ['rate'], required: true },
  quote: { names: ['quote', 'quote_currency'] },
} as const satisfies ColumnSpecs<string>;

export interface FxRateRow {
  on_date: string;
  currency: string;
  quote: string;
  /** Decimal text, exact as in the file (leading and trailing zeros dropped). */
  rate: string;
}

/** Validates a daily FX file whole: one unit of `currency` is worth `rate` units of `quote`. */
export function parseFxRates(table: CsvTable, options: { defaultQuote: string }): FxRateRow[] {
  const columns = mapColumns(table, FX_COLUMNS);
  const keys = new KeyLines();
  const rates: FxRateRow[] = [];
  for (const row of csvRows(table, columns)) {
    const date = row.date('date') ?? row.fail(row.columnName('date'), 'a date YYYY-MM-DD', '');
    const currency = row.currency('currency');
    const quote = row.currency('quote', options.defaultQuote);
    if (currency === quote) row.fail(row.columnName('currency'), `a currency other than the quote ${quote}`, currency);
    const text = row.required('rate');
    const rate =
      parseRate(text) ??
      row.fail(row.columnName('rate'), 'a decimal > 0 with at most 12 digits before and 12 after the point', text);
    const keyField = `${row.columnName('date')}, ${row.columnName('currency')}, quote`;
    keys.claim(row, `${date}\u0000${currency}\u0000${quote}`, keyField, `${date}, ${currency}, ${quote}`);
    rates.push({ on_date: date, currency, quote, rate });
  }
  return rates;
}
