// The daily renewal-forecast snapshot: each renewal's forecast 90 and 30 days before its due day, for accuracy.
import { nowOf } from '../../services/context.ts';
import { takeForecastSnapshots } from '../../services/renewals/forecast.ts';
import { todayUtc } from '../../services/revenue.ts';
import { defineJob } from '../types.ts';

export const renewalSnapshotJob = defineJob({
  kind: 'renewals.forecast-snapshot',
  description: 'record the renewal forecast of renewals due in 90 and 30 days (and rebuild missing past ones)',
  schedule: '20 0 * * *',
  run: async (ctx, job) => {
    const { taken, days } = await takeForecastSnapshots({ ctx, today: todayUtc(nowOf(ctx)) });
    await job.progress({ done: taken, note: `forecast snapshots taken (${days} as-of days)` });
  },
});
