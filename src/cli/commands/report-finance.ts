import type { Command } from 'commander';
import { formatMinor } from '../../core/money.ts';
import { todayUtc } from '../../services/revenue.ts';
import { committedArrReport, parseRollup, ROLLUPS } from '../../services/revenue-views.ts';
import { withContext } from '../context.ts';
import { parseFormat, toCsv, toTable } from '../format.ts';

/** `report committed-arr`: ARR less the cancellations already scheduled, plus signed future starts. */
export function registerFinanceReports(report: Command): void {
  report
    .command('committed-arr')
    .description('committed ARR (ARR less scheduled cancellations, plus signed future starts), changes by date')
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--as-of <YYYY-MM-DD>', 'read the data as of this day (default: today, UTC)')
    .option('--rollup <rollup>', `${ROLLUPS.join(' or ')}: parent counts child accounts under their parent`)
    .action(async (options: { format: string; asOf?: string; rollup?: string }, command: Command) => {
      const format = parseFormat(options.format);
      const rollup = parseRollup(options.rollup);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const result = await committedArrReport({ ctx, asOf: options.asOf ?? todayUtc(), rollup });
        if (format === 'json') {
          process.stdout.write(JSON.stringify(result, null, 2) + '\n');
          return;
        }
        const money = (minor: number) => formatMinor(minor, result.currency);
        // One row per scheduled change, by date, then the totals: ARR, −churn, +starts, committed.
        const rows: Record<string, unknown>[] = [
          ...result.scheduledChurn.map((c) => ({
            date: c.date,
            change: 'scheduled churn',
            ...named(c),
            arr: money(-c.arrMinor),
          })),
          ...result.futureStarts.map((c) => ({
            date: c.date,
            change: 'future start',
            ...named(c),
            arr: money(c.arrMinor),
          })),
        ].sort((a, b) => a.date.localeCompare(b.date));
        const total = (change: string, minor: number) => ({
          date: result.asOf,
          change,
          account: '',
          subscription: '',
          arr: money(minor),
        });
        rows.unshift(total('ARR', result.arrMinor));
        rows.push(
          total('scheduled churn', -result.scheduledChurnArrMinor),
          total('future starts', result.futureStartsArrMinor),
          total('committed ARR', result.committedArrMinor),
        );
        const columns = ['date', 'change', 'account', 'subscription', 'arr'];
        process.stdout.write(format === 'csv' ? toCsv(columns, rows) : toTable(columns, rows));
      });
    });
}

const named = (c: { accountName: string; subscriptionId: string }) => ({
  account: c.accountName,
  subscription: c.subscriptionId,
});
