// `tenure user list|role|deactivate|reactivate`, `tenure audit list`, `tenure accounts owner|link-owners`.
import type { Command } from 'commander';
import { listAudit } from '../../services/audit.ts';
import { UsageError } from '../../services/errors.ts';
import { accountOwner, linkOwnersVerb, setAccountOwner } from '../../services/owners.ts';
import { listUsers, updateUser, userIdByEmail } from '../../services/team.ts';
import { parseRole } from '../../services/users.ts';
import { withContext } from '../context.ts';
import { parseFormat, toTable } from '../format.ts';

function count(value: string, flag: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > max) {
    throw new UsageError(`${flag} must be a whole number 0-${max}, found "${value}"`);
  }
  return n;
}

/** Subcommands of `tenure user` beside `add`. */
export function registerTeamCommands(user: Command): void {
  user
    .command('list')
    .description('list users with their role and whether they are active')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { format: string }, command: Command) => {
      const format = parseFormat(options.format, ['table', 'json']);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const users = await listUsers({ ctx });
        if (format === 'json') return void process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
        const rows = users.map((u) => ({ ...u, name: u.name ?? '', active: u.active ? 'yes' : 'no' }));
        process.stdout.write(toTable(['id', 'email', 'name', 'role', 'active', 'accountsOwned'], rows));
      });
    });
  const change = (
    name: string,
    description: string,
    changes: (arg: string | undefined) => Parameters<typeof updateUser>[0]['changes'],
  ) =>
    user
      .command(name)
      .description(description)
      .argument('<email>', "the user's sign-in email")
      .argument(name === 'role' ? '<role>' : '[unused]', name === 'role' ? 'admin, csm or viewer' : '')
      .action(async (email: string, arg: string | undefined, _options: unknown, command: Command) => {
        const wanted = changes(arg);
        await withContext(command.optsWithGlobals(), async (ctx) => {
          const id = await userIdByEmail({ ctx, email });
          const after = await updateUser({ ctx, id, changes: wanted });
          process.stdout.write(`${after.email}: ${after.role}, ${after.active ? 'active' : 'deactivated'}.\n`);
        });
      });
  change('role', "change a user's role", (role) => ({ role: parseRole(role ?? '') }));
  change('deactivate', 'deactivate a user: they cannot sign in, and their sessions end', () => ({ active: false }));
  change('reactivate', 'let a deactivated user sign in again', () => ({ active: true }));
}

export function registerAuditCommands(program: Command): void {
  program
    .command('audit')
    .description('the audit log: who made each write')
    .command('list')
    .description('list audit entries, newest first')
    .option('--actor <actor>', 'an actor kind (user, api_key, job, webhook, cli, system) or kind:id, e.g. user:3')
    .option('--verb <verb>', "a verb (user.add) or a family ending in '.' (user.)")
    .option('--limit <n>', 'entries to show (1-500)', '50')
    .option('--offset <n>', 'entries to skip', '0')
    .option('--format <format>', 'table or json', 'table')
    .action(
      async (
        options: { actor?: string; verb?: string; limit: string; offset: string; format: string },
        command: Command,
      ) => {
        const format = parseFormat(options.format, ['table', 'json']);
        const limit = count(options.limit, '--limit', 500);
        if (limit < 1) throw new UsageError('--limit must be at least 1');
        const offset = count(options.offset, '--offset', 1_000_000_000);
        await withContext(command.optsWithGlobals(), async (ctx) => {
          const page = await listAudit({ ctx, query: { actor: options.actor, verb: options.verb, limit, offset } });
          if (format === 'json') return void process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
          const rows = page.entries.map((e) => ({
            at: e.at.replace('T', ' ').slice(0, 19),
            actor: `${e.actor.kind}${e.actor.id ? `:${e.actor.id}` : ''} ${e.actor.label}`,
            verb: e.verb,
            target: e.target ?? '',
            details: JSON.stringify(e.details),
          }));
          process.stdout.write(toTable(['at', 'actor', 'verb', 'target', 'details'], rows));
          process.stdout.write(`${page.entries.length} of ${page.total}\n`);
        });
      },
    );
}

export function registerOwnerCommands(program: Command): void {
  // `tenure accounts` also holds merges (accounts.ts): one command, registered by whichever comes first.
  const accounts =
    program.commands.find((c) => c.name() === 'accounts') ?? program.command('accounts').description('accounts');
  accounts
    .command('owner')
    .description("show an account's owner and its history, or make USER (email, name or id) its owner")
    .argument('<account>', "the account's id in your files (as imported)")
    .argument('[user]', 'the new owner')
    .option('--none', 'leave the account without an owner')
    .action(async (account: string, who: string | undefined, options: { none?: boolean }, command: Command) => {
      if (who !== undefined && options.none) throw new UsageError('give a user or --none, not both');
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const owner =
          who !== undefined || options.none
            ? await setAccountOwner({ ctx, account, user: who ?? null })
            : await accountOwner({ ctx, account });
        process.stdout.write(
          `${owner.externalId}: ${owner.ownerName ?? '(no owner)'}${owner.ownerUserId ? ` (user ${owner.ownerUserId})` : ''}\n`,
        );
        for (const h of owner.history) {
          process.stdout.write(
            `  ${h.from.slice(0, 10)} .. ${h.to?.slice(0, 10) ?? 'now'}  ${h.ownerName ?? '(none)'}\n`,
          );
        }
      });
    });
  accounts
    .command('link-owners')
    .description("link accounts' owner names to the users with that name or email")
    .action(async (_options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const result = await linkOwnersVerb({ ctx });
        process.stdout.write(`Linked ${result.linked} accounts.\n`);
        for (const u of result.unmatched) {
          process.stdout.write(`  no user named "${u.ownerName}" (${u.accounts} accounts)\n`);
        }
      });
    });
}
