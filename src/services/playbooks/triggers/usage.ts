// Usage signals, as `tenure report adoption` computes them: declining active users, and seat utilization.
import { adoptionReport } from '../../adoption.ts';
import { ratio } from '../fields.ts';
import { defineTrigger } from './types.ts';

const percent = (r: number | null) => (r === null ? 'n/a' : `${Math.round(r * 100)}%`);

export const usageDeclining = defineTrigger({
  signal: 'usage_declining',
  description: 'active users fell by the decline rate or more (the declining flag of `tenure report adoption`)',
  options: [],
  parse: () => ({}),
  match: async (ctx, _options, today) => {
    const { rows } = await adoptionReport({ ctx, asOf: today });
    return new Map(
      rows
        .filter((r) => r.trend.declining)
        .map((r) => [
          r.id,
          `active users ${r.trend.previousActiveUsers} → ${r.trend.recentActiveUsers} (${percent(r.trend.change)})`,
        ]),
    );
  },
});

export const seatUtilization = defineTrigger<{ below?: number; above?: number }>({
  signal: 'seat_utilization',
  description: 'seat utilization (active users / licensed seats) below or above a ratio: {"below": 0.5}',
  options: ['below', 'above'],
  parse: (trigger, at) => {
    const below = trigger.below === undefined ? undefined : ratio(trigger, 'below', at);
    const above = trigger.above === undefined ? undefined : ratio(trigger, 'above', at);
    if (below === undefined && above === undefined) ratio(trigger, 'below', at);
    return { below, above };
  },
  match: async (ctx, { below, above }, today) => {
    const { rows } = await adoptionReport({ ctx, asOf: today });
    const hits = rows.filter(
      (r) =>
        r.seatUtilization !== null &&
        (below === undefined || r.seatUtilization < below) &&
        (above === undefined || r.seatUtilization > above),
    );
    return new Map(hits.map((r) => [r.id, `seat utilization ${percent(r.seatUtilization)}`]));
  },
});
