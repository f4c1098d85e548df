// `tenure health`: scores (list), rescoring now (score), scorecards (list, set FILE, remove) and CSM sentiment.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { BandSchema } from '../../contract/health-scores.ts';
import type { HealthScoreItem } from '../../contract/health-scores.ts';
import { formatMinor } from '../../core/money.ts';
import { UsageError } from '../../services/errors.ts';
import { listScores } from '../../services/health/read.ts';
import { scoreAccounts } from '../../services/health/score.ts';
import { listScorecards, removeScorecard, setScorecard } from '../../services/health/scorecards.ts';
import { resolveAccount, setSentiment, SENTIMENTS, type SentimentBand } from '../../services/health/sentiment.ts';
import { withContext } from '../context.ts';
import { parseFormat, tableWidth, toCsv, toTable } from '../format.ts';
import { optionValue, parseAsOf } from '../options.ts';

export const HEALTH_COLUMNS = [
  'account_id',
  'score',
  'band',
  'trend_7d',
  'trend_30d',
  'name',
  'segment',
  'scorecard',
  'arr',
  'reasons',
  'day',
] as const;

function row(item: HealthScoreItem): Record<string, unknown> {
  return {
    account_id: item.externalId,
    name: item.name,
    score: item.score,
    band: item.band,
    trend_7d: item.trend7,
    trend_30d: item.trend30,
    scorecard: item.scorecard,
    segment: item.segment,
    arr: formatMinor(item.arrMinor, item.currency),
    reasons: item.reasons.map((r) => `${r.name} ${r.band} (${r.text})`).join('; '),
    day: item.day,
  };
}

/** The scores list as `--format csv` prints it. */
export const healthCsv = (items: readonly HealthScoreItem[]) => toCsv(HEALTH_COLUMNS, items.map(row));

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${path.basename(file)}: not JSON (${(error as Error).message})`);
  }
}

export function registerHealthCommands(program: Command): void {
  const health = program.command('health').description('account health: scores, scorecards and CSM sentiment');
  health
    .command('list')
    .description("each paying account's latest health score and band, lowest first, with the measures behind it")
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--band <band>', 'only red, yellow or green')
    .option('--segment <segment>', "only this segment ('(none)' for none)")
    .option('--wide', 'print the table at full width')
    .action(async (options: { format: string; band?: string; segment?: string; wide?: boolean }, command: Command) => {
      const format = parseFormat(options.format);
      const band = options.band === undefined ? undefined : optionValue('--band', BandSchema, options.band);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const page = await listScores({ ctx, query: { band, segment: options.segment, limit: 1_000_000_000 } });
        if (format === 'json') process.stdout.write(JSON.stringify(page, null, 2) + '\n');
        else if (format === 'csv') process.stdout.write(healthCsv(page.items));
        else if (page.day === null) process.stdout.write('No account scored yet: run tenure health score.\n');
        else process.stdout.write(toTable(HEALTH_COLUMNS, page.items.map(row), tableWidth(options.wide)));
      });
    });
  health
    .command('score')
    .description('score every paying account now (the health.score job does it daily and after imports)')
    .option('--as-of <YYYY-MM-DD>', 'score as of this day (default: today, UTC)')
    .action(async (options: { asOf?: string }, command: Command) => {
      const day = parseAsOf(options.asOf);
      const result = await withContext(command.optsWithGlobals(), (ctx) => scoreAccounts({ ctx, day }));
      process.stdout.write(`scored ${result.scored} accounts on ${result.day}; ${result.changed} changed band\n`);
    });
  const scorecard = health.command('scorecard').description('health scorecards (JSON definitions)');
  scorecard
    .command('list')
    .description('the scorecards in the order they are tried, the default last')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { format: string }, command: Command) => {
      const format = parseFormat(options.format, ['table', 'json']);
      const list = await withContext(command.optsWithGlobals(), (ctx) => listScorecards({ ctx }));
      if (format === 'json') {
        process.stdout.write(JSON.stringify(list, null, 2) + '\n');
        return;
      }
      const rows = list.items.map((v) => ({
        key: v.definition.key,
        name: v.definition.name,
        applies_to: v.isDefault ? 'default' : JSON.stringify(v.definition.appliesTo),
        groups: v.definition.groups.map((g) => `${g.name} ${g.weight}`).join(', '),
        source: v.builtIn ? 'built-in' : 'stored',
      }));
      process.stdout.write(toTable(['key', 'name', 'applies_to', 'groups', 'source'], rows) + `\n${list.rule}\n`);
    });
  scorecard
    .command('set')
    .description('create or replace a scorecard from a JSON file (an array sets several)')
    .argument('<file>', 'JSON file: one scorecard, or an array of them')
    .action(async (file: string, _options: unknown, command: Command) => {
      const json = await readJson(file);
      const cards = Array.isArray(json) ? json : [json];
      await withContext(command.optsWithGlobals(), async (ctx) => {
        for (const [i, card] of cards.entries()) {
          const source = Array.isArray(json) ? `${path.basename(file)}[${i}]` : path.basename(file);
          const saved = await setScorecard({ ctx, input: card, source });
          process.stdout.write(`scorecard ${saved.key} saved\n`);
        }
      });
    });
  scorecard
    .command('remove')
    .description('remove a stored scorecard')
    .argument('<key>', 'the scorecard key')
    .action(async (key: string, _options: unknown, command: Command) => {
      const removed = await withContext(command.optsWithGlobals(), (ctx) => removeScorecard({ ctx, key }));
      if (!removed) throw new UsageError(`there is no stored scorecard "${key}"`);
      process.stdout.write(`scorecard ${key} removed\n`);
    });
  health
    .command('sentiment')
    .description("set the CSM's sentiment on an account until a day (it counts as the csm_sentiment measure)")
    .argument('<account>', 'the account id as imported')
    .argument('<sentiment>', SENTIMENTS.join(', '))
    .requiredOption('--until <YYYY-MM-DD>', 'the last day the sentiment counts')
    .option('--note <text>', 'why')
    .action(async (account: string, sentiment: string, options: { until: string; note?: string }, command: Command) => {
      if (!(SENTIMENTS as readonly string[]).includes(sentiment)) {
        throw new UsageError(`SENTIMENT must be one of ${SENTIMENTS.join(', ')}, found "${sentiment}"`);
      }
      const until = parseAsOf(options.until, '--until');
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const accountId = await resolveAccount(ctx, account);
        await setSentiment({
          ctx,
          accountId,
          sentiment: sentiment as SentimentBand,
          until,
          note: options.note ?? null,
        });
      });
      process.stdout.write(`sentiment of ${account} set to ${sentiment} until ${until}\n`);
    });
}
