import type { Command } from 'commander';
import { importFeatures, listFeatures, reviewFeatures } from '../../services/features.ts';
import { withContext } from '../context.ts';
import { parseFormat, toCsv, toTable, type OutputFormat } from '../format.ts';

function print(format: OutputFormat, rows: Record<string, unknown>[], json: unknown, empty: string): void {
  if (format === 'json') {
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
    return;
  }
  if (format === 'table' && rows.length === 0) {
    process.stdout.write(`${empty}\n`);
    return;
  }
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  process.stdout.write(format === 'csv' ? toCsv(columns, rows) : toTable(columns, rows));
}

export function registerFeatureCommands(program: Command): void {
  const features = program.command('features').description('the feature catalog that adoption metrics count');
  features
    .command('import')
    .description('create or update features from a CSV or JSON file (checked whole; nothing written on an error)')
    .argument('<file>', 'CSV (key,name,module,event,[properties],[plans],[milestone_days]) or JSON array')
    .option('--replace', 'also remove features the file does not list')
    .option('--format <format>', 'table or json', 'table')
    .action(async (file: string, options: { replace?: boolean; format: string }, command: Command) => {
      const format = parseFormat(options.format, ['table', 'json']);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const s = await importFeatures({ ctx, input: { path: file }, replace: options.replace === true });
        if (format === 'json') process.stdout.write(JSON.stringify(s, null, 2) + '\n');
        else {
          process.stdout.write(
            `${s.file}: ${s.read} features read, ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ` +
              `${s.removed} removed; ${s.rollupsRederived} rollup rows re-derived from raw events\n`,
          );
        }
      });
    });
  features
    .command('list')
    .description('the catalog: key, name, module, event, property filter, plans, onboarding milestone')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (options: { format: string }, command: Command) => {
      const format = parseFormat(options.format);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const list = await listFeatures({ ctx });
        const rows = list.map((f) => ({
          key: f.key,
          name: f.name,
          module: f.module,
          event: f.event,
          properties: Object.keys(f.propertyFilter).length === 0 ? '' : JSON.stringify(f.propertyFilter),
          plans: f.plans.length === 0 ? (format === 'table' ? '(all)' : '') : f.plans.join(';'),
          milestone_days: f.milestoneDays,
        }));
        print(format, rows, list, 'No features yet: tenure features import FILE');
      });
    });
  features
    .command('review')
    .description('events seen in usage that no feature matches: event counts, accounts, users, last seen')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (options: { format: string }, command: Command) => {
      const format = parseFormat(options.format);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const events = await reviewFeatures({ ctx });
        const rows = events.map((e) => ({
          event: e.event,
          events: e.events,
          accounts: e.accounts,
          users: e.users,
          last_seen: e.lastSeen,
        }));
        print(format, rows, events, 'Every event seen matches a feature of the catalog.');
      });
    });
}
