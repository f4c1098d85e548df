// `tenure value-report-links ACCOUNT`: the account's value report share links (period, expiry, opens, withdrawn);
// `tenure value-report-revoke LINK_ID`: withdraws one link, which then opens nothing.
import type { Command } from 'commander';
import { UsageError } from '../../services/errors.ts';
import { resolveAccount } from '../../services/health/sentiment.ts';
import { listValueShareLinks, revokeValueShareLink } from '../../services/value/links.ts';
import { withContext } from '../context.ts';
import { parseFormat, toTable } from '../format.ts';

function linkId(value: string): number {
  if (!/^\d{1,15}$/.test(value.trim()) || Number(value) < 1)
    throw new UsageError(
      `LINK_ID must be a link's id (a whole number, see tenure value-report-links), found "${value}"`,
    );
  return Number(value);
}

export function registerValueLinkCommands(program: Command): void {
  program
    .command('value-report-links')
    .description("list an account's value report share links: period, expiry, opens, withdrawn or not")
    .argument('<account>', "the account's id in your files (as imported)")
    .option('--format <format>', 'table or json', 'table')
    .action(async (account: string, o: { format: string }, command: Command) => {
      const format = parseFormat(o.format, ['table', 'json']);
      const items = await withContext(command.optsWithGlobals(), async (ctx) =>
        listValueShareLinks({ ctx, accountId: await resolveAccount(ctx, account) }),
      );
      if (format === 'json') {
        process.stdout.write(JSON.stringify(items, null, 2) + '\n');
        return;
      }
      const rows = items.map((l) => ({
        id: l.id,
        period: l.from === l.to ? l.from : `${l.from} to ${l.to}`,
        status: l.status,
        expires: l.expiresAt.slice(0, 10),
        opens: l.opens,
        'last opened': l.lastOpenedAt?.slice(0, 16).replace('T', ' ') ?? '',
        'created by': l.createdBy,
      }));
      const columns = ['id', 'period', 'status', 'expires', 'opens', 'last opened', 'created by'];
      process.stdout.write(items.length ? toTable(columns, rows) + '\n' : `no share links for ${account}\n`);
    });
  program
    .command('value-report-revoke')
    .description('withdraw one value report share link: it opens nothing from now on (the other links keep working)')
    .argument('<link-id>', "the link's id (tenure value-report-links ACCOUNT)")
    .action(async (id: string, _o: unknown, command: Command) => {
      const n = linkId(id);
      const link = await withContext(command.optsWithGlobals(), (ctx) => revokeValueShareLink({ ctx, linkId: n }));
      process.stdout.write(`share link ${link.id} (${link.from} to ${link.to}) withdrawn\n`);
    });
}
