// Monthly EUR→USD rates: a mean-reverting random walk around 1.09, as the euro moved in the 2020s.
import { firstDayOfMonth, formatDay, type MonthIndex } from '../period.ts';
import type { FxRate } from '../fx.ts';
import type { Random } from './random.ts';

const CENTER = Math.log(1.09);

/** One rate (4 decimals) on the first day of each month from `first` through `last`. */
export function monthlyEurUsdRates(random: Random, first: MonthIndex, last: MonthIndex): FxRate[] {
  const rates: FxRate[] = [];
  let x = CENTER + 0.03 * random.normal();
  for (let month = first; month <= last; month++) {
    rates.push({
      day: formatDay(firstDayOfMonth(month)),
      currency: 'EUR',
      quote: 'USD',
      rate: Math.round(Math.exp(x) * 10_000) / 10_000,
    });
    x += 0.12 * (CENTER - x) + 0.018 * random.normal();
  }
  return rates;
}
