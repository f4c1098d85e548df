// `tenure report nps` and `tenure report csat`: survey scores by month or quarter.
import type { Command } from 'commander';
import { SURVEY_INTERVALS, type SurveyInterval } from '../../core/surveys/metrics.ts';
import { UsageError } from '../../services/errors.ts';
import { cesReport, csatReport, npsReport, type SurveyReportQuery } from '../../services/surveys/reports.ts';
import { cesGroupRows, csatGroupRows, npsGroupRows } from './report-surveys-by.ts';
import { withContext } from '../context.ts';
import { parseFormat, tableWidth, toCsv, toTable, type OutputFormat } from '../format.ts';
import { parseAsOf } from '../options.ts';

interface SurveyReportOptions {
  format: string;
  interval: string;
  asOf?: string;
  survey?: string;
  by?: string;
  wide?: boolean;
}

export const NPS_COLUMNS = [
  'period',
  'responses',
  'promoters',
  'passives',
  'detractors',
  'nps',
  'nps_ci_low',
  'nps_ci_high',
] as const;
export const CSAT_COLUMNS = ['period', 'responses', 'satisfied', 'csat'] as const;
export const CES_COLUMNS = ['period', 'responses', 'ces'] as const;

function withSurveyOptions(command: Command): Command {
  return command
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--interval <interval>', SURVEY_INTERVALS.join(' or '), 'month')
    .option('--as-of <YYYY-MM-DD>', 'count answers through this day (default: today, UTC)')
    .option('--survey <name>', "only this survey's answers")
    .option('--by <dimension>', 'one row per period and group of an account dimension (a group column after period)')
    .option('--wide', 'print the table at full width instead of wrapping it to 120 columns');
}

function parseQuery(options: SurveyReportOptions): SurveyReportQuery {
  if (!(SURVEY_INTERVALS as readonly string[]).includes(options.interval)) {
    throw new UsageError(`--interval must be one of ${SURVEY_INTERVALS.join(', ')}, found "${options.interval}"`);
  }
  return { interval: options.interval as SurveyInterval, asOf: parseAsOf(options.asOf), survey: options.survey };
}

/** One decimal, halves away from zero (12.25 → 12.3, 0.15 → 0.2); never "-0.0"; empty for no value. */
export function oneDecimal(value: number | null): string {
  if (value === null) return '';
  // The 1e-9 absorbs binary error in tenths such as 0.15 (stored as 0.1499…); no NPS or CSAT is that close to a tie.
  const text = ((Math.sign(value) * Math.round(Math.abs(value) * 10 + 1e-9)) / 10).toFixed(1);
  return text === '-0.0' ? '0.0' : text;
}

/** With --by, the group column comes right after period. */
const withGroup = (columns: readonly string[], by: string | undefined) =>
  by === undefined ? columns : [columns[0] ?? 'period', 'group', ...columns.slice(1)];
const groupOf = (row: object) => ('group' in row ? { group: row.group } : {});

const decimalOrNull = (value: number | null) => (value === null ? null : Number(oneDecimal(value)));

function print(format: OutputFormat, columns: readonly string[], rows: Record<string, unknown>[], wide?: boolean) {
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  if (format === 'csv') return toCsv(columns, rows);
  return rows.length === 0 ? 'No answers yet.\n' : toTable(columns, rows, tableWidth(wide));
}

/** Adds `report nps`, `report csat` and `report ces` to the report group. */
export function registerSurveyReports(report: Command): void {
  withSurveyOptions(
    report
      .command('nps')
      .description('NPS by month or quarter: promoters (9–10) − detractors (0–6), with its 95% confidence interval'),
  ).action(async (options: SurveyReportOptions, self: Command) => {
    const format = parseFormat(options.format);
    const query = parseQuery(options);
    const rows = await withContext(self.optsWithGlobals(), (ctx) =>
      options.by === undefined ? npsReport(ctx, query) : npsGroupRows(ctx, query, options.by),
    );
    const out = rows.map((r) =>
      format === 'json'
        ? {
            period: r.period,
            ...groupOf(r),
            responses: r.responses,
            promoters: r.promoters,
            passives: r.passives,
            detractors: r.detractors,
            nps: decimalOrNull(r.nps),
            nps_ci_low: decimalOrNull(r.ciLow),
            nps_ci_high: decimalOrNull(r.ciHigh),
            few_answers: r.fewAnswers,
          }
        : {
            period: r.period,
            ...groupOf(r),
            responses: r.responses,
            promoters: r.promoters,
            passives: r.passives,
            detractors: r.detractors,
            nps: oneDecimal(r.nps),
            nps_ci_low: oneDecimal(r.ciLow),
            nps_ci_high: oneDecimal(r.ciHigh),
          },
    );
    process.stdout.write(print(format, withGroup(NPS_COLUMNS, options.by), out, options.wide));
    if (format === 'table' && rows.some((r) => r.fewAnswers && r.responses > 0)) {
      process.stdout.write('Periods with fewer than 30 answers: their NPS is too uncertain to act on alone.\n');
    }
  });

  withSurveyOptions(
    report.command('csat').description('CSAT by month or quarter: the share of answers of 4 or 5 on a 1–5 scale'),
  ).action(async (options: SurveyReportOptions, self: Command) => {
    const format = parseFormat(options.format);
    const query = parseQuery(options);
    const rows = await withContext(self.optsWithGlobals(), (ctx) =>
      options.by === undefined ? csatReport(ctx, query) : csatGroupRows(ctx, query, options.by),
    );
    const out = rows.map((r) => ({
      period: r.period,
      ...groupOf(r),
      responses: r.responses,
      satisfied: r.satisfied,
      csat: format === 'json' ? decimalOrNull(r.csat) : oneDecimal(r.csat),
    }));
    process.stdout.write(print(format, withGroup(CSAT_COLUMNS, options.by), out, options.wide));
  });

  withSurveyOptions(
    report.command('ces').description('CES by month or quarter: the mean customer effort score on a 1–7 scale'),
  ).action(async (options: SurveyReportOptions, self: Command) => {
    const format = parseFormat(options.format);
    const query = parseQuery(options);
    const rows = await withContext(self.optsWithGlobals(), (ctx) =>
      options.by === undefined ? cesReport(ctx, query) : cesGroupRows(ctx, query, options.by),
    );
    const out = rows.map((r) => ({
      period: r.period,
      ...groupOf(r),
      responses: r.responses,
      ces:
        format === 'json'
          ? r.mean === null
            ? null
            : Number(r.mean.toFixed(2))
          : r.mean === null
            ? ''
            : r.mean.toFixed(2),
    }));
    process.stdout.write(print(format, withGroup(CES_COLUMNS, options.by), out, options.wide));
  });
}
