// `tenure model evaluate`: how well Tenure's churn trainers predict the target of any CSV, by stratified k-fold
// cross-validation. It reads only the file: no store is opened (unlike the commands that use withContext).
import type { Command } from 'commander';
import { crossValidate, prepareTable, TRAINERS } from '../../core/predict/index.ts';
import { readCsv } from '../../importers/csv/read.ts';
import { UsageError } from '../../services/errors.ts';
import { parseFormat, toTable } from '../format.ts';

interface EvaluateOptions {
  csv: string;
  target: string;
  id?: string;
  folds: string;
  seed: string;
  format: string;
}

export const EVALUATE_COLUMNS = ['name', 'auc', 'pr_auc', 'logloss', 'brier', 'ece'] as const;

function integerOption(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, found "${value}"`);
  }
  return n;
}

/** The `model` group, shared with the other model commands whichever registers first. */
function modelGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'model') ??
    program.command('model').description('churn models: evaluate on any CSV, backtest on your own history')
  );
}

export function registerModelEvaluateCommand(program: Command): void {
  modelGroup(program)
    .command('evaluate')
    .description(
      'cross-validate the churn trainers (logistic regression, gradient-boosted trees, and their blend) on a CSV: ROC AUC, PR AUC, log loss, Brier score, calibration error',
    )
    .requiredOption('--csv <file>', 'the table: one row per customer, a header naming the columns')
    .requiredOption('--target <column>', 'the outcome column: Yes/No, true/false or 1/0 (Yes, true, 1 = churned)')
    .option('--id <column>', 'a column that names rows and is not a feature (it is left out)')
    .option('--folds <n>', 'stratified cross-validation folds', '5')
    .option('--seed <n>', 'seed for the fold split and the trainers', '1')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: EvaluateOptions) => {
      const format = parseFormat(options.format, ['table', 'json']);
      const folds = integerOption('--folds', options.folds, 2, 20);
      const seed = integerOption('--seed', options.seed, 0, 2 ** 31 - 1);
      const csv = await readCsv({ path: options.csv });
      const table = prepareTable(csv, { target: options.target, id: options.id });
      const positives = table.labels.reduce<number>((n, y) => n + y, 0);
      if (Math.min(positives, table.labels.length - positives) < folds) {
        throw new UsageError(
          `${options.csv}: ${options.target} has ${positives} "${table.positive}" rows of ${table.labels.length}; ` +
            `each of the ${folds} folds needs both classes`,
        );
      }
      const results = crossValidate(TRAINERS, table, { folds, seed, blend: true });
      const models = results.map((r) => ({
        name: r.name,
        auc: r.auc,
        pr_auc: r.pr_auc,
        logloss: r.logloss,
        brier: r.brier,
        ece: r.ece,
        auc_pooled: r.auc_pooled,
      }));
      if (format === 'json') {
        const out = {
          models,
          rows: table.labels.length,
          positives,
          positive: table.positive,
          features: table.featureNames.length,
          folds,
          seed,
        };
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
        return;
      }
      const rows = models.map((m) => ({
        name: m.name,
        auc: m.auc.toFixed(4),
        pr_auc: m.pr_auc.toFixed(4),
        logloss: m.logloss.toFixed(4),
        brier: m.brier.toFixed(4),
        ece: m.ece.toFixed(4),
      }));
      process.stdout.write(
        `${table.labels.length} rows, ${positives} with ${options.target} = ${table.positive}, ` +
          `${table.featureNames.length} features; mean over ${folds} stratified folds\n\n` +
          toTable(EVALUATE_COLUMNS, rows),
      );
    });
}
