import { Command, CommanderError } from 'commander';
import { InputError, UsageError } from '../services/errors.ts';
import { DataDirLockedError } from '../store/lock.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerImportCommands } from './commands/import.ts';
import { registerExplainCommand } from './commands/explain.ts';
import { registerFeatureCommands } from './commands/features.ts';
import { registerJobCommands } from './commands/jobs.ts';
import { registerReportCommands } from './commands/report.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerUserCommands } from './commands/users.ts';
import { registerWebhookCommands } from './commands/webhooks.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function buildProgram(): Command {
  const program = new Command('tenure')
    .description('Tenure: customer success on your billing, usage and survey data')
    .option(
      '--data-dir <dir>',
      'embedded database directory (default ./.tenure/data, or TENURE_DATA_DIR); when given, wins over DATABASE_URL',
    )
    .showHelpAfterError()
    .exitOverride();
  registerDbCommands(program);
  registerStatusCommand(program);
  registerStartCommand(program);
  registerServeCommand(program);
  registerReportCommands(program);
  registerExplainCommand(program);
  registerImportCommands(program);
  registerFeatureCommands(program);
  registerDemoCommand(program);
  registerUserCommands(program);
  registerJobCommands(program);
  registerWebhookCommands(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI and returns its exit code: 0 ok, 1 failed, 2 bad usage. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.help' ||
        error.code === 'commander.version'
      ) {
        return EXIT.ok;
      }
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`tenure: ${error.message}\n`);
      return EXIT.usage;
    }
    const message =
      error instanceof InputError || error instanceof DataDirLockedError ? error.message : describe(error);
    process.stderr.write(`tenure: ${message}\n`);
    return EXIT.failed;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return process.env.TENURE_DEBUG ? (error.stack ?? error.message) : error.message;
  return String(error);
}
