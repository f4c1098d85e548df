import type { Command } from 'commander';
import { createApiKey, listApiKeys, parseScope, revokeApiKey } from '../../services/api-keys.ts';
import { UsageError } from '../../services/errors.ts';
import { createUser, parseRole } from '../../services/users.ts';
import { withContext } from '../context.ts';
import { readSecret } from '../prompt.ts';
import { registerTeamCommands } from './team.ts';

/** `tenure user add` and `tenure apikey create|list|revoke`. */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('people who sign in to the dashboard');
  user
    .command('add')
    .description('add a user with a role: admin (everything), csm (read and change), viewer (read)')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--role <role>', 'admin, csm or viewer')
    .option('--name <name>', 'display name')
    .option('--password <password>', 'password (default: prompted, or one line read from stdin)')
    .action(async (options: { email: string; role: string; name?: string; password?: string }, command: Command) => {
      const role = parseRole(options.role);
      const password = options.password ?? (await readSecret(`Password for ${options.email}: `));
      if (!password) throw new UsageError('a password is needed: type it at the prompt or pass --password');
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const created = await createUser({ ctx, email: options.email, password, role, name: options.name ?? null });
        process.stdout.write(`Added ${created.role} ${created.email} (user ${created.id}).\n`);
      });
    });

  registerTeamCommands(user);

  const apikey = program.command('apikey').description('API keys for machines');
  apikey
    .command('create')
    .description('create an API key; it is printed once, on the last line, and stored only hashed')
    .requiredOption('--scope <scope>', 'read (reports), write (reports and imports) or ingest (usage events)')
    .option('--name <name>', 'what the key is for')
    .action(async (options: { scope: string; name?: string }, command: Command) => {
      const scope = parseScope(options.scope);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const key = await createApiKey({ ctx, scope, name: options.name });
        process.stderr.write(
          `Created ${scope} key "${key.name}" (${key.prefix}). Keep it now: it is not shown again.\n`,
        );
        process.stdout.write(`${key.key}\n`);
      });
    });
  apikey
    .command('list')
    .description('list API keys (never the keys themselves)')
    .action(async (_options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        for (const k of await listApiKeys({ ctx })) {
          const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
          process.stdout.write(`${k.prefix}  ${k.scope.padEnd(6)}  ${state.padEnd(8)}  ${k.name}\n`);
        }
      });
    });
  apikey
    .command('revoke <prefix>')
    .description('revoke the key with this prefix (the hex after "tnr_")')
    .action(async (prefix: string, _options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        if (!(await revokeApiKey({ ctx, prefix }))) throw new UsageError(`no active key with prefix "${prefix}"`);
        process.stdout.write(`Revoked key ${prefix}.\n`);
      });
    });
}
