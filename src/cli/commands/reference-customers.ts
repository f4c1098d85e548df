// `tenure reference-customers [--format csv]`, `tenure playbooks templates` and `tenure playbooks install TEMPLATE`.
import type { Command } from 'commander';
import { formatMinor } from '../../core/money.ts';
import { UsageError } from '../../services/errors.ts';
import { installPlaybookTemplate, PLAYBOOK_TEMPLATES } from '../../services/playbooks/templates.ts';
import { MAX_MIN_TENURE_MONTHS, referenceCustomers } from '../../services/reference-customers.ts';
import { withContext } from '../context.ts';
import { parseFormat, toCsv, toTable } from '../format.ts';

/** The columns of `tenure reference-customers --format csv`, in this order. */
export const REFERENCE_COLUMNS = [
  'account_id',
  'name',
  'owner',
  'mrr',
  'nps',
  'nps_on',
  'health_score',
  'feature_usage_rate',
  'tenure_months',
  'paid_since',
  'why',
] as const;

function months(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,3}$/.test(text) || Number(text) > MAX_MIN_TENURE_MONTHS)
    throw new UsageError(
      `--min-tenure-months must be a whole number of months from 0 to ${MAX_MIN_TENURE_MONTHS}, found "${text}"`,
    );
  return Number(text);
}

export function registerReferenceCommands(program: Command, playbooks: Command): void {
  program
    .command('reference-customers')
    .description('accounts to ask for a reference: promoters, health green, adoption high, customers long enough')
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--owner <name>', "only this CSM's accounts")
    .option('--min-tenure-months <n>', 'months paid at least (default: TENURE_REFERENCE_MIN_TENURE_MONTHS, 12)')
    .action(async (options: { format: string; owner?: string; minTenureMonths?: string }, command: Command) => {
      const format = parseFormat(options.format);
      const minTenureMonths = months(options.minTenureMonths);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const list = await referenceCustomers({ ctx, minTenureMonths, owner: options.owner });
        if (format === 'json') return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        const cells = list.items.map((c) => ({
          account_id: c.accountId,
          name: c.name,
          owner: c.owner ?? '',
          mrr: formatMinor(c.mrrMinor, list.currency),
          nps: c.nps,
          nps_on: c.npsOn,
          health_score: c.healthScore ?? '',
          feature_usage_rate: c.featureUsageRate === null ? '' : c.featureUsageRate.toFixed(2),
          tenure_months: c.tenureMonths,
          paid_since: c.paidSince,
          why: c.reasons.join('; '),
        }));
        process.stdout.write(format === 'csv' ? toCsv(REFERENCE_COLUMNS, cells) : toTable(REFERENCE_COLUMNS, cells));
      });
    });
  playbooks
    .command('templates')
    .description('built-in playbook templates, installable with `tenure playbooks install KEY`')
    .action(() => {
      process.stdout.write(
        toTable(
          ['key', 'name', 'description'],
          PLAYBOOK_TEMPLATES.map((t) => ({ key: t.key, name: t.name, description: t.description })),
        ),
      );
    });
  playbooks
    .command('install <template>')
    .description('install a built-in playbook template (e.g. ask-for-reference) as a playbook')
    .action(async (template: string, _options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const result = await installPlaybookTemplate({ ctx, key: template });
        const name = [...result.created, ...result.updated].join(', ');
        process.stdout.write(`Installed the playbook "${name}" (${result.created.length ? 'new' : 'replaced'}).\n`);
      });
    });
}
