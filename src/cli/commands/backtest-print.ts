// `tenure model backtest [--target churn|expansion]` and `tenure expansion backtest`: one model target's backtest,
// as a table (a line on the run, a row per scorer, the churn target's scorecard findings) or as JSON.
import { runBacktest } from '../../services/churn/backtest.ts';
import type { ServiceContext } from '../../services/context.ts';
import { runExpansionBacktest } from '../../services/expansion/backtest.ts';
import type { BacktestOptions } from '../../services/model/backtest.ts';
import { tableWidth, toTable } from '../format.ts';

export const TARGETS = ['churn', 'expansion'] as const;
export type BacktestTarget = (typeof TARGETS)[number];

const figure = (x: number | null) => (x === null ? '' : x.toFixed(3));

/** Each target's run, and its words: the title, the outcome, its rate, and any lines after the table. */
const PRINTED = {
  churn: async (options: BacktestOptions) => {
    const report = await runBacktest(options);
    const notes = report.findings.map((f) => `Scorecard ${f.name}: ${f.reasons.join('; ')}\n`);
    return { report, title: 'Backtest', outcome: 'churn', rate: report.churn_rate, notes };
  },
  expansion: async (options: BacktestOptions) => {
    const report = await runExpansionBacktest(options);
    return { report, title: 'Expansion backtest', outcome: 'expansion', rate: report.expansion_rate, notes: [] };
  },
} satisfies Record<BacktestTarget, unknown>;

export async function printBacktest(
  ctx: ServiceContext,
  target: BacktestTarget,
  options: {
    format: string;
    asOf: string;
    horizonDays?: number | undefined;
    months?: number | undefined;
    wide?: boolean | undefined;
  },
): Promise<void> {
  const { report, title, outcome, rate, notes } = await PRINTED[target]({
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
    `${title} as of ${report.as_of}: ${report.rows} predictions from ${report.months[0] ?? '-'} to ${report.months.at(-1) ?? '-'}, ${outcome} within ${report.horizon_days} days, ${outcome} rate ${figure(rate)}\n`,
  );
  const columns = ['name', 'kind', 'auc', 'pr_auc', 'logloss', 'brier', 'ece', 'top_decile_lift'];
  process.stdout.write(toTable(columns, rows, tableWidth(options.wide)));
  for (const note of notes) process.stdout.write(note);
}
