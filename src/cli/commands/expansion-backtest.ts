// `tenure model backtest --target expansion` (and `tenure expansion backtest`): the expansion model against the
// seat-utilization baseline, as a table or as JSON in the churn backtest's shape (`{"results":[…],…}`).
import { runExpansionBacktest } from '../../services/expansion/backtest.ts';
import type { ServiceContext } from '../../services/context.ts';
import { tableWidth, toTable } from '../format.ts';

export const TARGETS = ['churn', 'expansion'] as const;

const figure = (x: number | null) => (x === null ? '' : x.toFixed(3));

export async function printExpansionBacktest(
  ctx: ServiceContext,
  options: {
    format: string;
    asOf: string;
    horizonDays?: number | undefined;
    months?: number | undefined;
    wide?: boolean | undefined;
  },
): Promise<void> {
  const report = await runExpansionBacktest({
    ctx,
    asOf: options.asOf,
    ...(options.horizonDays === undefined ? {} : { horizonDays: options.horizonDays }),
    ...(options.months === undefined ? {} : { months: options.months }),
  });
  if (options.format === 'json') {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  const rows = report.results.map((r) => ({
    name: r.name,
    kind: r.kind,
    auc: figure(r.auc),
    pr_auc: figure(r.pr_auc),
    logloss: figure(r.logloss),
    brier: figure(r.brier),
    ece: figure(r.ece),
    top_decile_lift: figure(r.deciles[0]?.lift ?? null),
  }));
  process.stdout.write(
    `Expansion backtest as of ${report.as_of}: ${report.rows} predictions from ${report.months[0] ?? '-'} to ${report.months.at(-1) ?? '-'}, expansion within ${report.horizon_days} days, expansion rate ${figure(report.expansion_rate)}\n`,
  );
  const columns = ['name', 'kind', 'auc', 'pr_auc', 'logloss', 'brier', 'ece', 'top_decile_lift'];
  process.stdout.write(toTable(columns, rows, tableWidth(options.wide)));
}
