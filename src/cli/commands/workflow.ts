// `tenure playbooks import|list|runs|pause|resume`, `tenure tasks list|complete|snooze|comment` and
// `tenure managers set`: the CS workflow from the command line.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UsageError } from '../../services/errors.ts';
import { TRIGGERS } from '../../services/playbooks/triggers/index.ts';
import { evaluatePlaybooks } from '../../services/playbooks/evaluate.ts';
import { importPlaybooks, listPlaybooks, playbookRuns, setPlaybookState } from '../../services/playbooks/playbooks.ts';
import {
  changeTask,
  commentOnTask,
  listTasks,
  parseTaskStatus,
  setManager,
  type Task,
} from '../../services/playbooks/tasks.ts';
import { withContext } from '../context.ts';
import { parseAsOf } from '../options.ts';
import { registerTierCommands } from './tiers.ts';
import { registerReferenceCommands } from './reference-customers.ts';
import { parseFormat, toCsv, toTable } from '../format.ts';
import { withTierOf } from '../../services/tiers-of.ts';

/** The columns of `tenure tasks list --format csv`, in this order. */
export const TASK_COLUMNS = [
  'task_id',
  'account_id',
  'playbook',
  'title',
  'assignee',
  'status',
  'due_date',
  'created_at',
  'account_name',
  'snoozed_until',
  'overdue',
  'tier',
] as const;

const taskRow = (t: Task & { tierName: string | null }) => ({
  task_id: t.id,
  account_id: t.accountId,
  playbook: t.playbook ?? '',
  title: t.title,
  assignee: t.assignee ?? '',
  status: t.status,
  due_date: t.dueDate ?? '',
  created_at: t.createdAt,
  account_name: t.accountName,
  snoozed_until: t.snoozedUntil ?? '',
  overdue: t.overdue,
  tier: t.tierName ?? '',
});

function parseId(value: string, what: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    throw new UsageError(`${what} must be a positive whole number, found "${value}"`);
  }
  return Number(value);
}

/** A playbook by id (digits) or by name. */
const playbookRef = (value: string): number | string => (/^\d+$/.test(value) ? Number(value) : value);

function registerPlaybooks(program: Command): Command {
  const playbooks = program.command('playbooks').description('rules that give CSMs tasks when a signal fires');
  playbooks
    .command('import <file>')
    .description('import playbooks from a JSON file (one object or a list), all or nothing; a known name is replaced')
    .action(async (file: string, _options: unknown, command: Command) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        throw new UsageError(`cannot read ${file}`);
      }
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const result = await importPlaybooks({ ctx, text, file: basename(file) });
        process.stdout.write(
          `Imported ${result.created.length + result.updated.length} playbook(s): ${result.created.length} new, ${result.updated.length} replaced.\n`,
        );
      });
    });
  playbooks
    .command('list')
    .description('playbooks with their trigger, state, open tasks and last run')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { format: string }, command: Command) => {
      const format = parseFormat(options.format, ['table', 'json']);
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const list = await listPlaybooks({ ctx });
        if (format === 'json') return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        const rows = list.map((p) => ({
          id: p.id,
          name: p.name,
          trigger: p.definition.trigger.signal,
          state: p.state === 'paused' ? `paused: ${p.pausedReason ?? ''}` : 'active',
          open_tasks: p.openTasks,
          last_run: p.lastRun
            ? `${p.lastRun.startedAt} ${p.lastRun.outcome}: matched ${p.lastRun.matched}, created ${p.lastRun.created}, closed ${p.lastRun.closed}, skipped ${p.lastRun.skipped}`
            : 'never',
        }));
        process.stdout.write(toTable(['id', 'name', 'trigger', 'state', 'open_tasks', 'last_run'], rows));
      });
    });
  playbooks
    .command('runs <playbook>')
    .description("a playbook's run log (newest first): matched, created, closed, skipped and why")
    .option('--limit <n>', 'at most this many runs', '20')
    .action(async (ref: string, options: { limit: string }, command: Command) => {
      const limit = parseId(options.limit, '--limit');
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const { runs } = await playbookRuns({ ctx, playbook: playbookRef(ref), limit });
        for (const r of runs) {
          process.stdout.write(
            `${r.startedAt} ${r.outcome}: matched ${r.matched}, entered ${r.entered}, created ${r.created}, closed ${r.closed}, skipped ${r.skipped}\n`,
          );
          for (const line of r.log) process.stdout.write(`  ${line.level}: ${line.message}\n`);
        }
        if (runs.length === 0) process.stdout.write('No runs yet.\n');
      });
    });
  for (const [verb, state] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const) {
    playbooks
      .command(`${verb} <playbook>`)
      .description(`${verb} a playbook (by id or name)`)
      .action(async (ref: string, _options: unknown, command: Command) => {
        await withContext(command.optsWithGlobals(), async (ctx) => {
          const p = await setPlaybookState({ ctx, playbook: playbookRef(ref), state });
          process.stdout.write(`Playbook "${p.name}" is ${p.state}.\n`);
        });
      });
  }
  playbooks
    .command('evaluate')
    .description('evaluate active playbooks now (the jobs runner does it every 5 minutes)')
    .action(async (_options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        for (const r of await evaluatePlaybooks({ ctx })) {
          process.stdout.write(
            `${r.playbook}: ${r.outcome}, matched ${r.matched}, created ${r.created}, closed ${r.closed}, skipped ${r.skipped}\n`,
          );
        }
      });
    });
  playbooks
    .command('triggers')
    .description('the signals a playbook trigger may name')
    .action(() => {
      process.stdout.write(
        toTable(
          ['signal', 'description'],
          TRIGGERS.map((t) => ({ signal: t.signal, description: t.description })),
        ),
      );
    });
  return playbooks;
}

function registerTasks(program: Command): void {
  const tasks = program.command('tasks').description("CSMs' tasks: list, complete, snooze, comment");
  tasks
    .command('list')
    .description('tasks, open ones first by due date')
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--owner <email>', "only this user's tasks")
    .option('--team <email>', 'tasks of this user and the people they manage')
    .option('--status <status>', 'open, snoozed, done, closed_auto or cancelled')
    .option('--account <id>', "only this account's tasks (its external id)")
    .option('--due', 'only open tasks due today or overdue')
    .action(
      async (
        options: { format: string; owner?: string; team?: string; status?: string; account?: string; due?: boolean },
        command: Command,
      ) => {
        const format = parseFormat(options.format);
        const status = options.status === undefined ? undefined : parseTaskStatus(options.status, '--status');
        await withContext(command.optsWithGlobals(), async (ctx) => {
          const list = await listTasks({
            ctx,
            query: {
              owner: options.owner,
              team: options.team,
              status,
              account: options.account,
              dueWithinDays: options.due ? 0 : undefined,
            },
          });
          if (format === 'json') return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          const rows = (await withTierOf(ctx, list, (task) => task.accountKey)).map(taskRow);
          process.stdout.write(format === 'csv' ? toCsv(TASK_COLUMNS, rows) : toTable(TASK_COLUMNS.slice(0, 8), rows));
        });
      },
    );
  tasks
    .command('complete <id>')
    .description('mark a task done')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const t = await changeTask({ ctx, id: parseId(id, 'ID'), change: { action: 'complete' } });
        process.stdout.write(`Task ${t.id} is ${t.status}.\n`);
      });
    });
  tasks
    .command('snooze <id>')
    .description('snooze a task until a day (it opens again that day)')
    .requiredOption('--until <YYYY-MM-DD>', 'the day it opens again')
    .action(async (id: string, options: { until: string }, command: Command) => {
      // A calendar day (Date.parse takes 2026-02-30 for March 2nd, and the task was refused as "not after today").
      const until = parseAsOf(options.until, '--until');
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const t = await changeTask({ ctx, id: parseId(id, 'ID'), change: { action: 'snooze', until } });
        process.stdout.write(`Task ${t.id} is snoozed until ${t.snoozedUntil ?? ''}.\n`);
      });
    });
  tasks
    .command('comment <id> <text>')
    .description('add a comment to a task')
    .action(async (id: string, text: string, _options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const t = await commentOnTask({ ctx, id: parseId(id, 'ID'), body: text });
        process.stdout.write(`Task ${t.id} has ${t.comments.length} comment(s).\n`);
      });
    });
}

function registerManagers(program: Command): void {
  program
    .command('managers')
    .description("CSMs' managers (tasks assigned to owner_manager go to them)")
    .command('set <user> <manager>')
    .description('set the manager of a user (both by email); "none" clears it')
    .action(async (user: string, manager: string, _options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        await setManager({ ctx, user, manager: manager === 'none' ? null : manager });
        process.stdout.write(manager === 'none' ? `${user} has no manager.\n` : `${user} is managed by ${manager}.\n`);
      });
    });
}

export function registerWorkflowCommands(program: Command): void {
  registerReferenceCommands(program, registerPlaybooks(program));
  registerTasks(program);
  registerManagers(program);
  registerTierCommands(program);
}
