// `tenure model backtest --target expansion` and /api/v1/expansion/backtest: the walk-forward backtest of the
// expansion model (every trainer) against the seat-utilization baseline on this company's own history, stored
// so the app shows the latest.
import { backtest, type Scorer, type ScorerResult } from '../../core/health/backtest.ts';
import {
  buildExpansionRows,
  expansionFeatureNames,
  seatUtilizationBaseline,
} from '../../core/health/expansion-dataset.ts';
import { formatDay, lastDayOfMonth } from '../../core/period.ts';
import { TRAINERS } from '../../core/predict/index.ts';
import type { Trainer } from '../../core/predict/types.ts';
import { insertExpansionBacktest, latestExpansionBacktest } from '../../store/expansion.ts';
import { audit } from '../audit.ts';
import { withTransaction, type ServiceContext } from '../context.ts';
import { todayUtc } from '../revenue.ts';
import { checkOptions, clean, DEFAULT_BACKTEST_MONTHS } from '../churn/backtest.ts';
import { loadChurnData, MAX_TRAINING_MONTHS, type ChurnData } from '../churn/features.ts';

export interface ExpansionBacktestReport {
  as_of: string;
  horizon_days: number;
  target: 'expansion';
  /** Month ends predicted from, oldest first. */
  months: string[];
  rows: number;
  /** Share of the predicted rows that expanded within the horizon. */
  expansion_rate: number | null;
  /** Each scorer's metrics (`churn_rate` in each is the share of rows that expanded). */
  results: ScorerResult[];
}

/** The churn rows with the expansion features and label: what the expansion model learns from. */
export function loadExpansionData(ctx: ServiceContext, asOf: string, horizonDays?: number): Promise<ChurnData> {
  return loadChurnData({
    ctx,
    asOf,
    ...(horizonDays === undefined ? {} : { horizonDays }),
    months: MAX_TRAINING_MONTHS,
    dataset: { build: buildExpansionRows, names: expansionFeatureNames },
  });
}

export async function runExpansionBacktest({
  ctx,
  asOf = todayUtc(ctx.now()),
  horizonDays = ctx.config.churn.horizonDays,
  months = DEFAULT_BACKTEST_MONTHS,
  trainers = TRAINERS,
  save = true,
}: {
  ctx: ServiceContext;
  asOf?: string;
  horizonDays?: number;
  months?: number;
  trainers?: readonly Trainer[];
  save?: boolean;
}): Promise<ExpansionBacktestReport> {
  checkOptions(asOf, horizonDays, months);
  const data = await loadExpansionData(ctx, asOf, horizonDays);
  const k = data.horizonMonths;
  const last = data.lastCompleteMonth - k;
  const evalMonths = Array.from({ length: months }, (_, i) => last - months + 1 + i);
  const scorers: Scorer[] = [
    ...trainers.map((trainer): Scorer => ({ kind: 'model', name: trainer.name, trainer })),
    ...seatUtilizationBaseline(data.featureNames),
  ];
  const { results } = backtest({
    featureNames: data.featureNames,
    rows: data.rows,
    months: evalMonths,
    horizonMonths: k,
    scorers,
    target: 'expansion',
  });
  const rows = results[0]?.rows ?? 0;
  const report: ExpansionBacktestReport = clean({
    as_of: asOf,
    horizon_days: horizonDays,
    target: 'expansion',
    months: evalMonths.map((m) => formatDay(lastDayOfMonth(m))),
    rows,
    expansion_rate: results[0]?.churn_rate ?? null,
    results,
  });
  if (save && rows > 0) {
    await withTransaction(ctx, async (tx) => {
      const id = await insertExpansionBacktest(tx.tx, asOf, horizonDays, report);
      await audit(tx.tx, ctx, 'expansion.backtest', `backtest:${id}`, { as_of: asOf, horizon_days: horizonDays, rows });
    });
  }
  return report;
}

export async function lastExpansionBacktest({ ctx }: { ctx: ServiceContext }) {
  const row = await latestExpansionBacktest(ctx.store);
  return row ? { id: row.id, created_at: row.created_at, report: row.result as ExpansionBacktestReport } : null;
}
