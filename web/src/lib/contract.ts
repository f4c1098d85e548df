// An account's contract in its own currency, read from the billing records behind its latest movement.
import { formatMoney } from './format.ts';
import type { AccountFile } from '../../../src/contract/accounts.ts';

/**
 * What the account is billed in its contract's own currency: the monthly amounts of the subscription periods in
 * force after its latest movement, summed per currency ("€1,200.00 EUR a month"); other records in words.
 */
export function contractTerms(file: AccountFile): string[] {
  const latest = file.movements.reduce<AccountFile['movements'][number] | undefined>(
    (last, m) => (last === undefined || m.month >= last.month ? m : last),
    undefined,
  );
  if (!latest || latest.mrrAfterMinor <= 0) return [];
  const byCurrency = new Map<string, number>();
  const others: string[] = [];
  for (const record of latest.after) {
    const amount = record.fields.monthly_amount_minor;
    const currency = record.fields.currency;
    if (record.kind === 'period' && typeof amount === 'number' && typeof currency === 'string') {
      byCurrency.set(currency, (byCurrency.get(currency) ?? 0) + amount);
    } else if (record.kind !== 'subscription') others.push(record.description);
  }
  const sums = [...byCurrency].map(([currency, minor]) => `${formatMoney(minor, currency)} ${currency} a month`);
  return [...sums, ...others];
}
