// A billing row in a foreign currency needs an FX rate into the reporting currency on or before its date:
// without one no figure can use it, so the import refuses it (naming file, line and field) instead.
import type { CsvRow } from './columns.ts';

/** The first day each currency has a rate into (or from) the reporting currency. */
export interface RateCoverage {
  reportingCurrency: string;
  firstDay: ReadonlyMap<string, string>;
}

export function requireRate<F extends string>(
  row: CsvRow<F>,
  coverage: RateCoverage | undefined,
  currencyField: F,
  currency: string,
  day: string,
): void {
  if (!coverage || currency === coverage.reportingCurrency) return;
  const first = coverage.firstDay.get(currency);
  if (first !== undefined && first <= day) return;
  const known = first === undefined ? 'none is stored' : `the first is on ${first}`;
  row.fail(
    row.columnName(currencyField),
    `a currency with a ${currency}→${coverage.reportingCurrency} FX rate on or before ${day} (${known}: import FX rates first)`,
    currency,
  );
}
