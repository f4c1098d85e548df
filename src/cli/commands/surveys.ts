// `tenure surveys create|list|send|close`: survey definitions and sending from the command line.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { SendChannel, SurveyInputBody, SurveyView } from '../../contract/surveys-admin.ts';
import { UsageError } from '../../services/errors.ts';
import {
  audienceText,
  closeSurvey,
  createSurvey,
  findSurvey,
  listSurveys,
  parseAudience,
} from '../../services/surveys/definitions.ts';
import { sendSurvey } from '../../services/surveys/send.ts';
import { withContext } from '../context.ts';
import { parseFormat, toCsv, toTable } from '../format.ts';

interface CreateOptions {
  file?: string;
  name?: string;
  kind?: string;
  question?: string;
  language?: string;
  followUp?: string;
  audience?: string;
  throttleAnsweredDays?: string;
  throttleDismissedDays?: string;
  sample?: string;
  startsOn?: string;
  endsOn?: string;
  formbricksSurvey?: string;
  formbricksScoreQuestion?: string;
  formbricksCommentQuestion?: string;
}

export const SURVEY_LIST_COLUMNS = [
  'id',
  'name',
  'kind',
  'language',
  'status',
  'audience',
  'eligible',
  'sent',
  'answered',
  'dismissed',
  'failed',
  'response_rate',
] as const;

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,4}$/.test(value)) throw new UsageError(`${flag} must be a whole number, found "${value}"`);
  return Number(value);
}

function readDefinition(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--file: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${file}: expected a JSON object (a survey definition), ${(error as Error).message}`);
  }
}

/** The definition: the --file's JSON, with each flag given winning over it. */
export function definitionOf(options: CreateOptions): SurveyInputBody {
  const base = options.file ? readDefinition(options.file) : {};
  const flags: Record<string, unknown> = {
    name: options.name,
    kind: options.kind,
    question: options.question,
    language: options.language,
    followUp: options.followUp,
    audience: options.audience === undefined ? undefined : parseAudience(options.audience),
    throttleAnsweredDays: wholeNumber('--throttle-answered-days', options.throttleAnsweredDays),
    throttleDismissedDays: wholeNumber('--throttle-dismissed-days', options.throttleDismissedDays),
    samplePercent: wholeNumber('--sample', options.sample),
    startsOn: options.startsOn,
    endsOn: options.endsOn,
    formbricks:
      options.formbricksSurvey === undefined
        ? undefined
        : {
            surveyId: options.formbricksSurvey,
            ...(options.formbricksScoreQuestion ? { scoreQuestion: options.formbricksScoreQuestion } : {}),
            ...(options.formbricksCommentQuestion ? { commentQuestion: options.formbricksCommentQuestion } : {}),
          },
  };
  const given = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  return { ...base, ...given } as SurveyInputBody;
}

const rate = (r: number | null) => (r === null ? '' : (Math.round(r * 1000) / 10).toFixed(1));

function listRow(s: SurveyView) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    language: s.language,
    status: s.status,
    audience: audienceText(s.audience),
    eligible: s.summary.eligible,
    sent: s.summary.sent,
    answered: s.summary.answered,
    dismissed: s.summary.dismissed,
    failed: s.summary.failed,
    response_rate: rate(s.summary.responseRate),
  };
}

export function registerSurveyCommands(program: Command): void {
  const surveys = program.command('surveys').description('NPS, CSAT and CES surveys: define, list, send, close');
  surveys
    .command('create')
    .description('define a survey from flags, or a JSON file (flags win over the file)')
    .option('--file <survey.json>', 'a JSON definition, as POST /api/v1/surveys takes it')
    .option('--name <name>', 'unique name')
    .option('--kind <kind>', 'nps (0–10), csat (1–5) or ces (1–7)')
    .option('--question <text>', 'the question, in the survey language')
    .option('--language <tag>', 'BCP 47 language of the question and page: en, zh-CN… (default en)')
    .option('--follow-up <text>', 'NPS: the "why?" question after the score')
    .option(
      '--audience <who>',
      'everyone, or key=value,…: segment/plan/industry/…, country (any account attribute), role, trait.KEY',
    )
    .option('--throttle-answered-days <n>', 'days a person is not asked again after an answer (default 90)')
    .option('--throttle-dismissed-days <n>', 'days after a dismissal or an unanswered invitation (default 30)')
    .option('--sample <percent>', 'share of eligible people asked, 1–100 (default 100)')
    .option('--starts-on <YYYY-MM-DD>', 'first day of a wave (default: continuous)')
    .option('--ends-on <YYYY-MM-DD>', 'last day of a wave')
    .option('--formbricks-survey <id>', 'record the answers Formbricks posts for this Formbricks survey')
    .option('--formbricks-score-question <id>', 'the Formbricks question holding the score')
    .option('--formbricks-comment-question <id>', 'the Formbricks question kept as comment')
    .action(async (options: CreateOptions, command: Command) => {
      const input = definitionOf(options);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const s = await createSurvey({ ctx, input });
        process.stdout.write(
          `Created survey ${s.id}: ${s.name} (${s.kind}, ${s.language}), audience ${audienceText(s.audience)}, ${s.summary.eligible} eligible\n`,
        );
      });
    });
  surveys
    .command('list')
    .description('surveys with their summary: eligible, sent, answered, dismissed, response rate (%)')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (options: { format: string }, command: Command) => {
      const format = parseFormat(options.format);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const list = await listSurveys({ ctx });
        if (format === 'json') return void process.stdout.write(JSON.stringify(list, null, 2) + '\n');
        const rows = list.map(listRow);
        if (format === 'csv') return void process.stdout.write(toCsv(SURVEY_LIST_COLUMNS, rows));
        process.stdout.write(
          rows.length === 0 ? 'No surveys yet: tenure surveys create --help\n' : toTable(SURVEY_LIST_COLUMNS, rows),
        );
      });
    });
  surveys
    .command('send <survey>')
    .description(
      'invite the eligible people of the audience now (id or name): email queues one job each; link prints links',
    )
    .option('--channel <channel>', 'email (TENURE_SMTP_URL) or link', 'email')
    .option('--limit <n>', 'invite at most this many people')
    .action(async (ref: string, options: { channel: string; limit?: string }, command: Command) => {
      if (options.channel !== 'email' && options.channel !== 'link') {
        throw new UsageError(`--channel must be email or link, found "${options.channel}"`);
      }
      const limit = options.limit === undefined ? undefined : Number(options.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
        throw new UsageError(`--limit must be a positive whole number, found "${options.limit}"`);
      }
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const survey = await findSurvey(ctx, ref);
        const input = { channel: options.channel as SendChannel, ...(limit ? { limit } : {}) };
        const r = await sendSurvey({ ctx, id: survey.id, input });
        const how = r.channel === 'email' ? 'emails queued (jobs send them)' : 'links';
        process.stdout.write(
          `Survey ${survey.name}: ${r.invited} ${how}; audience ${r.audience}, throttled ${r.throttled}, not sampled ${r.notSampled}\n`,
        );
        if (r.links.length > 0) process.stdout.write(toCsv(['email', 'url'], r.links));
      });
    });
  surveys
    .command('close <survey>')
    .description('close a survey (id or name): no one is asked any more')
    .action(async (ref: string, _options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const survey = await findSurvey(ctx, ref);
        const closed = await closeSurvey({ ctx, id: survey.id });
        process.stdout.write(`Closed survey ${closed.id}: ${closed.name}\n`);
      });
    });
}
