import type { Command } from 'commander';
import { formatMinor } from '../../core/money.ts';
import { explainCustomer } from '../../services/explain.ts';
import { withContext } from '../context.ts';
import { parseFormat } from '../format.ts';
import { parseAsOf, parseMonthOption } from '../options.ts';

export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description("one customer's MRR history and every movement with the billing records behind it")
    .argument('<customer>', "the account's id, or its name (or part of it); several matches are listed")
    .option('--month <YYYY-MM>', "only that month's movements")
    .option('--format <format>', 'table or json', 'table')
    .option('--as-of <YYYY-MM-DD>', 'read the data as of this day (default: today, UTC)')
    .action(async (customer: string, options: { month?: string; format: string; asOf?: string }, command: Command) => {
      const format = parseFormat(options.format, ['table', 'json']);
      const asOf = parseAsOf(options.asOf);
      const month = parseMonthOption('--month', options.month);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const x = await explainCustomer({ ctx, asOf, customer, month });
        if (format === 'json') {
          process.stdout.write(JSON.stringify(x, null, 2) + '\n');
          return;
        }
        const money = (minor: number) => `${formatMinor(minor, x.currency)} ${x.currency}`;
        const out: string[] = [`${x.account.name} (${x.account.external_id})`, ''];
        out.push('MRR history:');
        for (const h of x.history)
          out.push(`  ${h.from} … ${h.to}  ${money(h.mrrMinor)}${h.plan ? `  ${h.plan}` : ''}`);
        if (x.history.length === 0) out.push('  never paid');
        out.push('', 'Movements:');
        for (const m of x.movements) {
          out.push(
            `  ${m.month}  ${m.kind.padEnd(12)} ${money(m.amountMinor).padStart(16)}   MRR ${money(m.mrrBeforeMinor)} → ${money(m.mrrAfterMinor)}`,
          );
          for (const s of m.before) out.push(`      before: ${s.description}`);
          for (const s of m.after) out.push(`      after:  ${s.description}`);
        }
        if (x.movements.length === 0) out.push('  none');
        process.stdout.write(out.join('\n') + '\n');
      });
    });
}
