// The renewal forecast category as a health signal: for each account, the category (owner's, else proposed) of its
// next renewal still open and due within a year, as the renewal calendar shows it (src/services/renewals).
import { FORECAST_VALUES } from '../../core/health/measures.ts';
import type { ForecastCategory } from '../../core/renewals/forecast.ts';
import type { ServiceContext } from '../context.ts';
import { currentLedger } from '../revenue.ts';
import { evaluateRenewals, plusDays } from '../renewals/evaluate.ts';
import { scheduledCancellations } from '../renewals/forecast.ts';
import { measureBase } from '../renewals/signals.ts';

/** Each account's next open renewal's category as a number (lost 0 … commit 3); absent without one. */
export async function forecastCategoryValues(ctx: ServiceContext, asOf: string): Promise<Map<number, number>> {
  const until = plusDays(asOf, 365);
  const ledger = await currentLedger({ ctx, asOf });
  const base = await measureBase(ctx, ledger);
  const { renewals } = await evaluateRenewals(ctx, {
    day: asOf,
    base,
    select: (o) => o.status === 'pending' && o.dueDate > asOf && o.dueDate <= until,
    cancellations: await scheduledCancellations(ctx, asOf),
  });
  const next = new Map<number, { due: string; category: ForecastCategory }>();
  for (const r of renewals) {
    const known = next.get(r.accountId);
    if (!known || r.dueDate < known.due) next.set(r.accountId, { due: r.dueDate, category: r.category });
  }
  return new Map([...next].map(([id, n]) => [id, FORECAST_VALUES[n.category]]));
}
