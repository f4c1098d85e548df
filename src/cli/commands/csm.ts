// `tenure report csm` (CSM scorecards per owner and period) and `tenure targets import|list` (expansion targets).
import type { Command } from 'commander';
import { formatMinor } from '../../core/money.ts';
import { SCORECARD_INTERVALS, type ScorecardInterval, type ScorecardRow } from '../../core/scorecards/scorecard.ts';
import { UsageError } from '../../services/errors.ts';
import { csmReport, importTargets, listTargets, type CsmReport } from '../../services/scorecards/scorecards.ts';
import { withContext } from '../context.ts';
import { parseFormat, tableWidth, toCsv, toTable } from '../format.ts';
import { parseAsOf } from '../options.ts';

/** The columns first, in this order; the rest after. */
export const CSM_COLUMNS = [
  'period',
  'owner',
  'accounts',
  'arr',
  'nrr_12m',
  'grr_12m',
  'expansion_mrr',
  'contraction_mrr',
  'churn_mrr',
  'expansion_target',
  'attainment',
  'logo_churn',
  'new_mrr',
  'nrr_start_mrr',
  'nrr_end_mrr',
] as const;

const ratio = (v: number | null) => (v === null ? '' : v.toFixed(4));
const money = (v: number | null, currency: string) => (v === null ? '' : formatMinor(v, currency));

export function csmColumns(row: ScorecardRow, currency: string): Record<(typeof CSM_COLUMNS)[number], unknown> {
  return {
    period: row.period,
    owner: row.owner,
    accounts: row.accounts,
    arr: money(row.arrMinor, currency),
    nrr_12m: ratio(row.nrr12m),
    grr_12m: ratio(row.grr12m),
    expansion_mrr: money(row.expansionMrrMinor, currency),
    contraction_mrr: money(row.contractionMrrMinor, currency),
    churn_mrr: money(row.churnMrrMinor, currency),
    expansion_target: money(row.expansionTargetMinor, currency),
    attainment: row.attainment === null ? '' : (row.attainment * 100).toFixed(1),
    logo_churn: row.logoChurn,
    new_mrr: money(row.newMrrMinor, currency),
    nrr_start_mrr: money(row.nrrStartMrrMinor, currency),
    nrr_end_mrr: money(row.nrrEndMrrMinor, currency),
  };
}

export const csmCsv = (report: CsmReport) =>
  toCsv(
    CSM_COLUMNS,
    report.rows.map((r) => csmColumns(r, report.currency)),
  );

interface CsmOptions {
  format: string;
  interval: string;
  asOf?: string;
  periods?: string;
  owner?: string[];
  wide?: boolean;
}

/** Adds `report csm` to the report group. */
export function registerCsmReport(report: Command): void {
  report
    .command('csm')
    .description(
      "CSM scorecards: each owner's book (accounts, ARR at the period's end), trailing-12-month NRR/GRR of the customers held at the window's start, expansion, contraction and churn MRR against the quarter's target",
    )
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--interval <interval>', SCORECARD_INTERVALS.join(' or '), 'month')
    .option('--as-of <YYYY-MM-DD>', 'the last day counted (default: today, UTC)')
    .option('--periods <n>', 'how many periods, ending with the as-of day’s (default: 12 months or 4 quarters)')
    .option('--owner <email>', 'only this owner (repeatable)', (v: string, all: string[] | undefined) => [
      ...(all ?? []),
      v,
    ])
    .option('--wide', 'print the table at full width')
    .action(async (options: CsmOptions, self: Command) => {
      const format = parseFormat(options.format);
      if (!(SCORECARD_INTERVALS as readonly string[]).includes(options.interval)) {
        throw new UsageError(
          `--interval must be one of ${SCORECARD_INTERVALS.join(', ')}, found "${options.interval}"`,
        );
      }
      let periods: number | undefined;
      if (options.periods !== undefined) {
        if (!/^\d{1,3}$/.test(options.periods)) {
          throw new UsageError(`--periods must be a whole number from 1 to 120, found "${options.periods}"`);
        }
        periods = Number(options.periods);
      }
      const asOf = parseAsOf(options.asOf);
      const result = await withContext(self.optsWithGlobals(), (ctx) =>
        csmReport(ctx, {
          interval: options.interval as ScorecardInterval,
          asOf,
          periods,
          owners: options.owner ?? null,
        }),
      );
      if (format === 'json') process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else if (format === 'csv') process.stdout.write(csmCsv(result));
      else {
        const rows = result.rows.map((r) => ({ ...csmColumns(r, result.currency), owner: r.owner || '(no owner)' }));
        process.stdout.write(
          rows.length === 0 ? 'No revenue yet.\n' : toTable(CSM_COLUMNS, rows, tableWidth(options.wide)),
        );
      }
    });
}

/** `tenure targets import FILE` and `tenure targets list`. */
export function registerTargetCommands(program: Command): void {
  const group = program.command('targets').description('expansion targets per CSM and quarter');
  group
    .command('import')
    .description(
      'import targets from CSV: owner_email,quarter,expansion_target (quarter YYYY-Qn, target in major units); all or nothing',
    )
    .argument('<file>', 'CSV file (UTF-8, header line first)')
    .option('--format <format>', 'summary as table or json', 'table')
    .action(async (file: string, options: { format: string }, self: Command) => {
      const format = parseFormat(options.format, ['table', 'json']);
      const s = await withContext(self.optsWithGlobals(), (ctx) => importTargets({ ctx, input: { path: file } }));
      process.stdout.write(
        format === 'json'
          ? JSON.stringify(s, null, 2) + '\n'
          : `read ${s.read}, created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}\n`,
      );
    });
  group
    .command('list')
    .description('list the targets')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (options: { format: string }, self: Command) => {
      const format = parseFormat(options.format);
      const { rows, currency } = await withContext(self.optsWithGlobals(), async (ctx) => ({
        rows: await listTargets(ctx),
        currency: ctx.config.reportingCurrency,
      }));
      const out = rows.map((r) => ({
        owner_email: r.ownerEmail,
        quarter: r.quarter,
        expansion_target: formatMinor(r.expansionTargetMinor, currency),
      }));
      const cols = ['owner_email', 'quarter', 'expansion_target'];
      if (format === 'json') process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      else if (format === 'csv') process.stdout.write(toCsv(cols, out));
      else process.stdout.write(out.length === 0 ? 'No targets yet.\n' : toTable(cols, out));
    });
}
