// `tenure value-report ACCOUNT`: the account's value report as an HTML page or an A4 PDF (or a share link, or an
// email); `tenure value-metrics`: value metric definitions, outcome values recorded by hand, report settings.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InputError, UsageError } from '../../services/errors.ts';
import { resolveAccount } from '../../services/health/sentiment.ts';
import {
  addValueMetric,
  listValueMetrics,
  recordOutcomeValue,
  removeValueMetric,
} from '../../services/value/metrics.ts';
import {
  resolvePeriod,
  setValueSettings,
  getValueSettings,
  valueReport,
  valueReportHtml,
  valueReportPdf,
} from '../../services/value/report.ts';
import { isEmailAddress, queueValueReportEmail, setReviewSchedule } from '../../services/value/schedule.ts';
import { createValueShareLink } from '../../services/value/share.ts';
import { withContext } from '../context.ts';
import { registerValueLinkCommands } from './value-links.ts';
import { parseFormat, toTable } from '../format.ts';
import { parseAsOf, parseMonthOption } from '../options.ts';

interface ReportOptions {
  from?: string;
  to?: string;
  format: string;
  out?: string;
  share?: boolean;
  email?: string;
}

function reportFormat(value: string): 'html' | 'pdf' {
  if (value !== 'html' && value !== 'pdf') throw new UsageError(`--format must be html or pdf, found "${value}"`);
  return value;
}

function number(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number, found "${value}"`);
  return n;
}

/** Writes the report, a path that cannot be written being the user's to fix (exit 2), not a crash. */
async function writeOut(out: string, body: string | Buffer): Promise<void> {
  try {
    await fs.writeFile(out, body);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR' || code === 'EROFS')
      throw new UsageError(`--out: cannot write ${out} (${code === 'ENOENT' ? 'no such folder' : code})`);
    throw error;
  }
}

function registerReport(program: Command): void {
  program
    .command('value-report')
    .description("an account's value report: outcomes promised and achieved, usage growth, value, similar customers")
    .argument('<account>', "the account's id in your files (as imported)")
    .option('--from <YYYY-MM>', 'first month of the period (default: the last full quarter)')
    .option('--to <YYYY-MM>', 'last month of the period')
    .option('--format <format>', 'html or pdf', 'html')
    .option('--out <file>', 'write the report here (required for pdf; html goes to standard output without it)')
    .option('--share', 'print a signed, expiring link to the report instead')
    .option('--email <address>', 'email the report (PDF attached, with a link) to this address, by a job')
    .action(async (account: string, options: ReportOptions, command: Command) => {
      const format = reportFormat(options.format);
      const from = parseMonthOption('--from', options.from);
      const to = parseMonthOption('--to', options.to);
      if (format === 'pdf' && !options.out && !options.share && !options.email)
        throw new UsageError('--format pdf needs --out FILE');
      if (options.email !== undefined && !isEmailAddress(options.email))
        throw new UsageError(`--email must be an email address, found "${options.email}"`);
      // Absolute before the command may run inside a server started elsewhere.
      const out = options.out ? path.resolve(options.out) : undefined;
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const accountId = await resolveAccount(ctx, account);
        if (options.share) {
          const link = await createValueShareLink({ ctx, accountId, from, to });
          process.stdout.write(`${link.url}\n(PDF: ${link.pdfUrl}; works until ${link.expiresAt})\n`);
          return;
        }
        if (options.email) {
          const period = resolvePeriod(ctx.now().toISOString().slice(0, 10), from, to);
          const id = await queueValueReportEmail({ ctx, accountId, to: options.email, period });
          process.stdout.write(
            `value report email ${id} queued to ${options.email} (${period.from} to ${period.to})\n`,
          );
          return;
        }
        const model = await valueReport({ ctx, accountId, from, to });
        const body = format === 'pdf' ? await valueReportPdf(model) : valueReportHtml(model);
        if (out) {
          await writeOut(out, body);
          process.stderr.write(
            `value report of ${account}, ${model.period.firstDay} to ${model.period.lastDay}: ${out}\n`,
          );
        } else process.stdout.write(body);
      });
    });
  program
    .command('value-report-review')
    .description("set an account's next business review: its value report is emailed ahead of it")
    .argument('<account>', "the account's id in your files (as imported)")
    .requiredOption('--on <YYYY-MM-DD|none>', 'the review day, or none')
    .option('--every <months>', 'months between reviews (e.g. 3 for quarterly)')
    .option('--to <email>', "send to this address instead of the handoff file's sponsors and champions")
    .action(async (account: string, o: { on: string; every?: string; to?: string }, command: Command) => {
      const reviewOn = o.on === 'none' ? null : parseAsOf(o.on, '--on');
      const every = o.every === undefined ? null : number('--every', o.every);
      if (every !== null && (!Number.isInteger(every) || every < 1 || every > 24))
        throw new UsageError(`--every must be a whole number of months from 1 to 24, found "${o.every ?? ''}"`);
      const saved = await withContext(command.optsWithGlobals(), async (ctx) =>
        setReviewSchedule({
          ctx,
          accountId: await resolveAccount(ctx, account),
          input: { reviewOn, cadenceMonths: every, recipient: o.to ?? null },
        }),
      );
      process.stdout.write(
        `next review of ${account}: ${saved.reviewOn ?? 'none'}${saved.cadenceMonths ? `, every ${saved.cadenceMonths} months` : ''}\n`,
      );
    });
}

function registerMetrics(program: Command): void {
  const metrics = program
    .command('value-metrics')
    .description('value metrics shown on value reports (e.g. hours saved = reports generated × 0.5 h)');
  metrics
    .command('add')
    .description('define a value metric: events of a catalog feature × a multiplier, in a unit')
    .requiredOption('--name <name>', 'e.g. "Hours saved"')
    .requiredOption('--feature <key>', 'a catalog feature key (tenure features list)')
    .requiredOption('--multiplier <n>', 'e.g. 0.5')
    .requiredOption('--unit <unit>', 'e.g. h')
    .action(async (o: { name: string; feature: string; multiplier: string; unit: string }, command: Command) => {
      const input = { ...o, multiplier: number('--multiplier', o.multiplier) };
      const m = await withContext(command.optsWithGlobals(), (ctx) => addValueMetric({ ctx, input }));
      process.stdout.write(`value metric "${m.name}" = ${m.featureName ?? m.feature} × ${m.multiplier} ${m.unit}\n`);
    });
  metrics
    .command('list')
    .description('list value metric definitions')
    .option('--format <format>', 'table or json', 'table')
    .action(async (o: { format: string }, command: Command) => {
      const format = parseFormat(o.format, ['table', 'json']);
      const items = await withContext(command.optsWithGlobals(), (ctx) => listValueMetrics(ctx));
      if (format === 'json') process.stdout.write(JSON.stringify(items, null, 2) + '\n');
      else
        process.stdout.write(
          toTable(
            ['name', 'feature', 'multiplier', 'unit'],
            items.map((m) => ({ ...m })),
          ) + '\n',
        );
    });
  metrics
    .command('remove')
    .description('remove a value metric definition')
    .argument('<name>', "the metric's name")
    .action(async (name: string, _o: unknown, command: Command) => {
      const removed = await withContext(command.optsWithGlobals(), (ctx) => removeValueMetric({ ctx, key: name }));
      if (!removed) throw new UsageError(`there is no value metric "${name}"`);
      process.stdout.write(`value metric "${name}" removed\n`);
    });
  metrics
    .command('record')
    .description('record where a promised outcome stands (for outcomes product usage does not measure)')
    .argument('<account>', "the account's id in your files (as imported)")
    .argument('<metric>', "the promised outcome's metric, as in the handoff file")
    .argument('<value>', 'its value now')
    .option('--on <YYYY-MM-DD>', 'the day it was measured (default today)')
    .action(async (account: string, metric: string, value: string, o: { on?: string }, command: Command) => {
      const input = { metric, value: number('VALUE', value), ...(o.on ? { recordedOn: parseAsOf(o.on, '--on') } : {}) };
      const r = await withContext(command.optsWithGlobals(), async (ctx) =>
        recordOutcomeValue({ ctx, accountId: await resolveAccount(ctx, account), input }),
      );
      process.stdout.write(`${account}: "${r.metric}" = ${r.value} on ${r.recordedOn}\n`);
    });
  metrics
    .command('settings')
    .description("value report settings: the company's name and colour, lead times (no option: print them)")
    .option('--company-name <name>')
    .option('--brand-color <#RRGGBB>')
    .option('--renewal-days <n>', 'email reports this many days before a renewal')
    .option('--review-days <n>', 'email reports this many days before a business review')
    .option('--link-days <n>', 'share links work this many days')
    .option('--min-peers <n>', 'fewest similar customers to compare with')
    .action(async (o: Record<string, string | undefined>, command: Command) => {
      const input = Object.fromEntries(
        Object.entries({
          companyName: o.companyName,
          brandColor: o.brandColor,
          renewalLeadDays: o.renewalDays && number('--renewal-days', o.renewalDays),
          reviewLeadDays: o.reviewDays && number('--review-days', o.reviewDays),
          linkDays: o.linkDays && number('--link-days', o.linkDays),
          minPeers: o.minPeers && number('--min-peers', o.minPeers),
        }).filter(([, v]) => v !== undefined),
      );
      const s = await withContext(command.optsWithGlobals(), (ctx) =>
        Object.keys(input).length === 0 ? getValueSettings(ctx) : setValueSettings({ ctx, input }).catch(asFlagError),
      );
      process.stdout.write(JSON.stringify(s, null, 2) + '\n');
    });
}

/** The settings' fields as this command's flags, so a refusal names what the user typed. */
const SETTINGS_FLAGS: Record<string, string> = {
  companyName: '--company-name',
  brandColor: '--brand-color',
  renewalLeadDays: '--renewal-days',
  reviewLeadDays: '--review-days',
  linkDays: '--link-days',
  minPeers: '--min-peers',
};

function asFlagError(error: unknown): never {
  const flag = error instanceof InputError && error.field !== undefined ? SETTINGS_FLAGS[error.field] : undefined;
  if (!flag || !(error instanceof InputError)) throw error;
  const found = error.found === undefined ? '' : `, found ${JSON.stringify(error.found)}`;
  throw new UsageError(`${flag} must be ${error.expected}${found}`);
}

export function registerValueReportCommands(program: Command): void {
  registerReport(program);
  registerValueLinkCommands(program);
  registerMetrics(program);
}
