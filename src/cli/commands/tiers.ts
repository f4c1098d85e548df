// `tenure tiers define FILE|list|set ACCOUNT TIER --until DAY|clear ACCOUNT|coverage`.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { formatMinor } from '../../core/money.ts';
import { UsageError } from '../../services/errors.ts';
import { accountTiers, clearTierOverride, defineTiers, setTierOverride, tierCoverage } from '../../services/tiers.ts';
import { withContext } from '../context.ts';
import { parseFormat, toCsv, toTable } from '../format.ts';

export const TIER_COLUMNS = [
  'account_id',
  'name',
  'owner',
  'arr',
  'plan',
  'segment',
  'tier',
  'source',
  'override_expires_on',
];

export function registerTierCommands(program: Command): void {
  const tiers = program
    .command('tiers')
    .description('coverage tiers (high-touch, mid-touch, tech-touch…), overrides, coverage per CSM');
  tiers
    .command('define <file>')
    .description('replace the tier definitions with a JSON list, first tier first (see the README, Tiers)')
    .action(async (file: string, _options: unknown, command: Command) => {
      let content: string;
      try {
        content = readFileSync(file, 'utf8');
      } catch {
        throw new UsageError(`cannot read ${file}`);
      }
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const list = await defineTiers({ ctx, content, file: basename(file) });
        process.stdout.write(`Defined ${list.length} tier(s): ${list.map((t) => t.key).join(', ')}.\n`);
      });
    });
  tiers
    .command('list')
    .description("each paying customer's tier, by ARR (an override shows its expiry day)")
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--tier <key>', 'only this tier')
    .option('--owner <name>', 'only accounts of this CSM')
    .action(async (options: { format: string; tier?: string; owner?: string }, command: Command) => {
      const format = parseFormat(options.format);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const rows = await accountTiers({ ctx, tier: options.tier, owner: options.owner });
        if (format === 'json') return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        const currency = ctx.config.reportingCurrency;
        const cells = rows.map((r) => ({
          account_id: r.accountId,
          name: r.name,
          owner: r.owner ?? '',
          arr: formatMinor(r.arrMinor, currency),
          plan: r.plan ?? '',
          segment: r.segment ?? '',
          tier: r.tier ?? '',
          source: r.source,
          override_expires_on: r.source === 'override' ? (r.overrideExpiresOn ?? '') : '',
        }));
        process.stdout.write(format === 'csv' ? toCsv(TIER_COLUMNS, cells) : toTable(TIER_COLUMNS, cells));
      });
    });
  tiers
    .command('set <account> <tier>')
    .description('put an account in a tier by hand until a day (every override expires)')
    .requiredOption('--until <YYYY-MM-DD>', 'the last day the override holds')
    .option('--reason <text>', 'why')
    .action(async (account: string, tier: string, options: { until: string; reason?: string }, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        await setTierOverride({ ctx, account, tier, expiresOn: options.until, reason: options.reason });
        process.stdout.write(`${account} is ${tier} until ${options.until}.\n`);
      });
    });
  tiers
    .command('clear <account>')
    .description("remove an account's tier override (its rules decide again)")
    .action(async (account: string, _options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        await clearTierOverride({ ctx, account });
        process.stdout.write(`${account} has no tier override.\n`);
      });
    });
  tiers
    .command('coverage')
    .description('accounts and ARR per CSM and tier, against the tier targets per CSM')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (options: { format: string }, command: Command) => {
      const format = parseFormat(options.format);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const rows = await tierCoverage({ ctx });
        if (format === 'json') return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        const currency = ctx.config.reportingCurrency;
        const money = (v: number | null) => (v === null ? '' : formatMinor(v, currency));
        const columns = ['owner', 'tier', 'accounts', 'target_accounts', 'arr', 'target_arr'];
        const cells = rows.map((r) => ({
          owner: r.owner,
          tier: r.tier ?? '(none)',
          accounts: r.accounts,
          target_accounts: r.targetAccounts ?? '',
          arr: money(r.arrMinor),
          target_arr: money(r.targetArrMinor),
        }));
        process.stdout.write(format === 'csv' ? toCsv(columns, cells) : toTable(columns, cells));
      });
    });
}
