// The walk-forward backtest of a model target on this company's own history: the trainers beside the target's
// benchmarks, over the last `months` month ends whose horizon is over; the report is stored in the target's table
// so the app shows the latest.
import type { Scorer } from '../../core/health/backtest.ts';
import { formatDay, lastDayOfMonth } from '../../core/period.ts';
import { TRAINERS } from '../../core/predict/index.ts';
import type { Trainer } from '../../core/predict/types.ts';
import { isCalendarDay } from '../../contract/common.ts';
import { insertBacktest, latestBacktest } from '../../store/backtests.ts';
import { audit } from '../audit.ts';
import { withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { todayUtc } from '../revenue.ts';
import { loadTargetData, type ModelTarget, type ReportHead, type TargetName } from './target.ts';

export const DEFAULT_BACKTEST_MONTHS = 12;

export interface BacktestOptions {
  ctx: ServiceContext;
  asOf?: string;
  horizonDays?: number;
  months?: number;
  trainers?: readonly Trainer[];
  save?: boolean;
}

/** The backtest's options, checked before any data is read. */
export function checkOptions(asOf: string, horizonDays: number, months: number): void {
  if (!isCalendarDay(asOf)) throw new UsageError(`--as-of must be a calendar day YYYY-MM-DD, found "${asOf}"`);
  if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > 730)
    throw new UsageError(`--horizon-days must be a whole number of days from 1 to 730, found ${horizonDays}`);
  if (!Number.isInteger(months) || months < 1 || months > 24)
    throw new UsageError(`--months must be a whole number from 1 to 24, found ${months}`);
}

/** NaN (a metric undefined on one class) as null, so JSON says so plainly. */
export function clean<T>(value: T): T {
  const text = JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
  return JSON.parse(text) as T;
}

export async function runModelBacktest<N extends TargetName, R extends ReportHead<N> & { rows: number }>(
  target: ModelTarget<N, R>,
  {
    ctx,
    asOf = todayUtc(ctx.now()),
    horizonDays = ctx.config.churn.horizonDays,
    months = DEFAULT_BACKTEST_MONTHS,
    trainers = TRAINERS,
    save = true,
  }: BacktestOptions,
): Promise<R> {
  checkOptions(asOf, horizonDays, months);
  const data = await loadTargetData(ctx, target, asOf, horizonDays);
  const k = data.horizonMonths;
  const last = data.lastCompleteMonth - k;
  const evalMonths = Array.from({ length: months }, (_, i) => last - months + 1 + i);
  const scorers: Scorer[] = [
    ...trainers.map((trainer): Scorer => ({ kind: 'model', name: trainer.name, trainer })),
    ...(await target.benchmarks(ctx, data)),
  ];
  const report = clean(
    target.report({
      head: {
        as_of: asOf,
        horizon_days: horizonDays,
        target: target.name,
        months: evalMonths.map((m) => formatDay(lastDayOfMonth(m))),
      },
      data,
      trainers,
      scorers,
      input: { featureNames: data.featureNames, rows: data.rows, months: evalMonths, horizonMonths: k },
      last,
    }),
  );
  const rows = report.rows;
  if (save && rows > 0) {
    await withTransaction(ctx, async (tx) => {
      const id = await insertBacktest(tx.tx, target.backtests, asOf, horizonDays, report);
      await audit(tx.tx, ctx, `${target.name}.backtest`, `backtest:${id}`, {
        as_of: asOf,
        horizon_days: horizonDays,
        rows,
      });
    });
  }
  return report;
}

/** The target's latest stored backtest, or null before the first. */
export async function lastModelBacktest<N extends TargetName, R extends ReportHead<N> & { rows: number }>(
  ctx: ServiceContext,
  target: ModelTarget<N, R>,
): Promise<{ id: number; created_at: string; report: R } | null> {
  const row = await latestBacktest(ctx.store, target.backtests);
  return row ? { id: row.id, created_at: row.created_at, report: row.result as R } : null;
}
