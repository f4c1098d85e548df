import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { InputError, UsageError } from '../services/errors.ts';
import { DataDirLockedError } from '../store/lock.ts';
import { registerAccountCommands } from './commands/accounts.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerImportCommands } from './commands/import.ts';
import { registerHandoffImport } from './commands/import-handoff.ts';
import { registerExplainCommand } from './commands/explain.ts';
import { registerFeatureCommands } from './commands/features.ts';
import { registerHealthCommands } from './commands/health.ts';
import { registerJobCommands } from './commands/jobs.ts';
import { registerModelEvaluateCommand } from './commands/model.ts';
import { registerModelBacktestCommand } from './commands/model-backtest.ts';
import { registerExpansionCommands } from './commands/expansion.ts';
import { registerReportCommands } from './commands/report.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerSurveyCommands } from './commands/surveys.ts';
import { registerUserCommands } from './commands/users.ts';
import { registerAuditCommands, registerOwnerCommands } from './commands/team.ts';
import { cliRuns, forwardToServer, ForwardToServer } from './remote.ts';
import { registerWebhookCommands } from './commands/webhooks.ts';
import { registerRenewalForecastCommands } from './commands/renewals-forecast.ts';
import { registerWorkflowCommands } from './commands/workflow.ts';
import { registerTargetCommands } from './commands/csm.ts';
import { registerValueReportCommands } from './commands/value-reports.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The version in package.json, printed by `tenure --version`. */
export function tenureVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

export function buildProgram(): Command {
  const program = new Command('tenure')
    .description('Tenure: customer success on your billing, usage and survey data')
    .version(tenureVersion(), '-V, --version', 'print the version of Tenure')
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
  registerHandoffImport(registerImportCommands(program));
  registerFeatureCommands(program);
  registerDemoCommand(program);
  registerUserCommands(program);
  registerAccountCommands(program);
  registerAuditCommands(program);
  registerOwnerCommands(program);
  registerJobCommands(program);
  registerWebhookCommands(program);
  registerRenewalForecastCommands(program);
  registerSurveyCommands(program);
  registerWorkflowCommands(program);
  registerTargetCommands(program);
  registerHealthCommands(program);
  registerModelEvaluateCommand(program);
  registerModelBacktestCommand(program);
  registerExpansionCommands(program);
  registerValueReportCommands(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * Runs the CLI and returns its exit code: 0 ok, 1 failed, 2 bad usage. When a running server holds the embedded
 * data dir, the command runs there (see remote.ts), with the secrets it prompted for here.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const run = { mode: 'local' as const, answers: [] as string[] };
  const outcome = await cliRuns.run(run, () => runCommand(argv));
  if (outcome instanceof ForwardToServer) return forwardToServer(outcome.socketPath, argv, run.answers);
  return outcome;
}

/** Runs one command line in this process: in the CLI, or inside the server for a forwarded command. */
export async function runCommand(argv: readonly string[]): Promise<number | ForwardToServer> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ForwardToServer) return error;
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
