// `tenure report csm` (CSM scorecards per owner and period) and `tenure targets import|list` (expansion targets).
import type { Command } from 'commander';
import { formatMinor } from '../../core/money.ts';
import type { RollupRow } from '../../core/scorecards/rollup.ts';
import { SCORECARD_INTERVALS, type ScorecardInterval, type ScorecardRow } from '../../core/scorecards/scorecard.ts';
import { UsageError } from '../../services/errors.ts';
import { csmReport, importTargets, listTargets, type CsmReport } from '../../services/scorecards/scorecards.ts';
import { importManagers } from '../../services/scorecards/managers.ts';
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
  'team',
  'tiers',
  'coverage_accounts',
  'coverage_arr',
  'renewals_due',
  'renewals_renewed',
  'renewals_churned',
  'renewals_pending',
  'renewal_rate',
  'renewal_rate_amount',
  'renewal_rate_amount_net',
  'renewal_due_arr',
  'renewal_renewed_arr',
  'health_green_accounts',
  'health_yellow_accounts',
  'health_red_accounts',
  'health_unscored_accounts',
  'health_green_arr',
  'health_yellow_arr',
  'health_red_arr',
  'health_unscored_arr',
  'arr_at_risk',
  'nps',
  'nps_answers',
  'tasks_done',
  'tasks_overdue',
] as const;

const ratio = (v: number | null) => (v === null ? '' : v.toFixed(4));
const money = (v: number | null, currency: string) => (v === null ? '' : formatMinor(v, currency));

type CsmColumn = (typeof CSM_COLUMNS)[number];

/** The tier mix in one cell: `key=accounts/ARR` per tier, by rank, ';' between ('(none)': no tier takes them). */
export const tierMixCell = (row: Pick<ScorecardRow, 'tierMix'>, currency: string) =>
  row.tierMix.map((e) => `${e.tier || '(none)'}=${e.accounts}/${formatMinor(e.arrMinor, currency)}`).join(';');

const fixed = (v: number | null, digits: number) => (v === null ? '' : v.toFixed(digits));

/** The book measures' columns (from 'team' on), shared by owner and team rows. */
function bookColumns(row: Omit<ScorecardRow, 'owner'>, currency: string) {
  return {
    tiers: tierMixCell(row, currency),
    coverage_accounts: fixed(row.coverageAccounts, 2),
    coverage_arr: fixed(row.coverageArr, 2),
    renewals_due: row.renewalsDue,
    renewals_renewed: row.renewalsRenewed,
    renewals_churned: row.renewalsChurned,
    renewals_pending: row.renewalsPending,
    renewal_rate: ratio(row.renewalRate),
    renewal_rate_amount: ratio(row.renewalRateAmount),
    renewal_rate_amount_net: ratio(row.renewalRateAmountNet),
    renewal_due_arr: money(row.renewalDueArrMinor, currency),
    renewal_renewed_arr: money(row.renewalRenewedArrMinor, currency),
    health_green_accounts: row.healthGreenAccounts,
    health_yellow_accounts: row.healthYellowAccounts,
    health_red_accounts: row.healthRedAccounts,
    health_unscored_accounts: row.healthUnscoredAccounts,
    health_green_arr: money(row.healthGreenArrMinor, currency),
    health_yellow_arr: money(row.healthYellowArrMinor, currency),
    health_red_arr: money(row.healthRedArrMinor, currency),
    health_unscored_arr: money(row.healthUnscoredArrMinor, currency),
    arr_at_risk: money(row.arrAtRiskMinor, currency),
    nps: fixed(row.nps, 1),
    nps_answers: row.npsAnswers,
    tasks_done: row.tasksDone,
    tasks_overdue: row.tasksOverdue,
  };
}

export function csmColumns(row: ScorecardRow & { team?: string }, currency: string): Record<CsmColumn, unknown> {
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
    team: row.team ?? '',
    ...bookColumns(row, currency),
  };
}

/** `--by team`: the owner column becomes level, team and owners; the rest as for owners. */
export const TEAM_COLUMNS = [
  'period',
  'level',
  'team',
  'owners',
  ...CSM_COLUMNS.filter((c) => c !== 'period' && c !== 'owner' && c !== 'team'),
] as const;

export function teamColumns(row: RollupRow, currency: string): Record<string, unknown> {
  return { ...csmColumns({ ...row, owner: '' }, currency), level: row.level, team: row.team, owners: row.owners };
}

export const csmCsv = (report: CsmReport, by: 'owner' | 'team' = 'owner') =>
  by === 'team'
    ? toCsv(
        TEAM_COLUMNS,
        report.teams.map((r) => teamColumns(r, report.currency)),
      )
    : toCsv(
        CSM_COLUMNS,
        report.rows.map((r) => csmColumns(r, report.currency)),
      );

interface CsmOptions {
  format: string;
  interval: string;
  asOf?: string;
  periods?: string;
  owner?: string[];
  by: string;
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
    .option('--by <level>', 'owner (one row per owner), or team (one per team, then the company)', 'owner')
    .option('--wide', 'print the table at full width')
    .action(async (options: CsmOptions, self: Command) => {
      const format = parseFormat(options.format);
      if (options.by !== 'owner' && options.by !== 'team') {
        throw new UsageError(`--by must be owner or team, found "${options.by}"`);
      }
      const by = options.by;
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
      // An owner that matches nobody is named, not answered "No revenue yet." (there may be plenty).
      const none = options.owner ? `No revenue of --owner ${options.owner.join(', ')}.\n` : 'No revenue yet.\n';
      if (format === 'json') process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else if (format === 'csv') process.stdout.write(csmCsv(result, by));
      else if (by === 'team') {
        const rows = result.teams.map((r) => ({
          ...teamColumns(r, result.currency),
          team: r.level === 'company' ? '(company)' : r.team || '(no manager)',
        }));
        process.stdout.write(rows.length === 0 ? none : toTable(TEAM_COLUMNS, rows, tableWidth(options.wide)));
      } else {
        const rows = result.rows.map((r) => ({ ...csmColumns(r, result.currency), owner: r.owner || '(no owner)' }));
        process.stdout.write(rows.length === 0 ? none : toTable(CSM_COLUMNS, rows, tableWidth(options.wide)));
      }
    });
}

/** `tenure managers import FILE`, beside `tenure managers set` when that is registered first. */
function registerManagerImport(program: Command): void {
  const group =
    program.commands.find((c) => c.name() === 'managers') ??
    program.command('managers').description("CSMs' managers: the teams of the scorecard roll-up");
  group
    .command('import')
    .description('set managers from CSV: user_email,manager_email (empty manager: none); all or nothing')
    .argument('<file>', 'CSV file (UTF-8, header line first)')
    .action(async (file: string, _options: unknown, self: Command) => {
      const s = await withContext(self.optsWithGlobals(), (ctx) => importManagers({ ctx, input: { path: file } }));
      process.stdout.write(`read ${s.read}, changed ${s.changed}, unchanged ${s.unchanged}\n`);
    });
}

/** `tenure targets import FILE` and `tenure targets list` (and `tenure managers import FILE`). */
export function registerTargetCommands(program: Command): void {
  registerManagerImport(program);
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
