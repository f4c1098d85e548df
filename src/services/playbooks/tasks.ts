// Tasks: a CSM's inbox (mine, my team's, due and overdue, by account), states and comments.
// States: open → done (completed) | cancelled | snoozed (until a day, then open again) | closed_auto (the
// playbook's condition recovered).
import type { TaskView, TaskWithCommentsView } from '../../contract/workflow.ts';
import { audit } from '../audit.ts';
import { db, nowOf, withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';

/** A task or playbook that does not exist (HTTP 404). */
export class NotFoundError extends UsageError {}
import { todayUtc } from '../revenue.ts';
import { emitEvent } from '../webhooks/events.ts';

export const TASK_STATUSES = ['open', 'snoozed', 'done', 'closed_auto', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type Task = TaskView;

export type TaskComment = TaskWithCommentsView['comments'][number];

export interface TaskQuery {
  /** The assignee's email. */
  owner?: string | undefined;
  /** Tasks of the people this user (email) manages, and their own. */
  team?: string | undefined;
  status?: TaskStatus | undefined;
  /** open tasks due on or before today + dueWithinDays (0: due today or overdue). */
  dueWithinDays?: number | undefined;
  account?: string | undefined;
  id?: number | undefined;
  limit?: number | undefined;
}

/** `field`: what the caller calls it (the CLI's --status flag, an API field). */
export function parseTaskStatus(value: string, field = 'status'): TaskStatus {
  const found = TASK_STATUSES.find((s) => s === value);
  if (!found) throw new UsageError(`${field} must be one of ${TASK_STATUSES.join(', ')}, found "${value}"`);
  return found;
}

type TaskRow = {
  id: number;
  external_id: string;
  account_key: number;
  account_name: string;
  playbook: string | null;
  title: string;
  description: string | null;
  checklist: Task['checklist'];
  assignee: string | null;
  assignee_name: string | null;
  status: TaskStatus;
  due_on: string | null;
  snoozed_until: string | null;
  created_at: Date;
  finished_at: Date | null;
};

const SELECT = `SELECT t.id, a.external_id, a.id AS account_key, a.name AS account_name, p.name AS playbook, t.title, t.description,
       t.checklist, u.email AS assignee, u.name AS assignee_name, t.status, t.due_on, t.snoozed_until,
       t.created_at, t.finished_at
  FROM tasks t JOIN accounts a ON a.id = t.account_id
  LEFT JOIN playbooks p ON p.id = t.playbook_id LEFT JOIN users u ON u.id = t.assignee_user_id`;

const taskOf = (r: TaskRow, today: string): Task => ({
  id: r.id,
  accountId: r.external_id,
  accountName: r.account_name,
  accountKey: r.account_key,
  playbook: r.playbook,
  title: r.title,
  description: r.description,
  checklist: r.checklist,
  assignee: r.assignee,
  assigneeName: r.assignee_name,
  status: r.status,
  dueDate: r.due_on,
  snoozedUntil: r.snoozed_until,
  overdue: r.status === 'open' && r.due_on !== null && r.due_on < today,
  createdAt: new Date(r.created_at).toISOString(),
  finishedAt: r.finished_at === null ? null : new Date(r.finished_at).toISOString(),
});

export async function listTasks({ ctx, query }: { ctx: ServiceContext; query: TaskQuery }): Promise<Task[]> {
  const today = todayUtc(nowOf(ctx));
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.owner !== undefined) where.push(`lower(u.email) = lower(${param(query.owner)})`);
  if (query.team !== undefined) {
    const p = param(query.team);
    where.push(
      `(lower(u.email) = lower(${p}) OR u.manager_user_id = (SELECT id FROM users WHERE lower(email) = lower(${p})))`,
    );
  }
  if (query.status !== undefined) where.push(`t.status = ${param(query.status)}`);
  if (query.dueWithinDays !== undefined) {
    where.push(`t.status = 'open' AND t.due_on <= (${param(today)}::date + ${param(query.dueWithinDays)}::int)`);
  }
  if (query.account !== undefined) where.push(`a.external_id = ${param(query.account)}`);
  if (query.id !== undefined) where.push(`t.id = ${param(query.id)}`);
  const rows = await db(ctx).query<TaskRow>(
    `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY (t.status IN ('open', 'snoozed')) DESC, t.due_on NULLS LAST, t.id
      LIMIT ${param(query.limit ?? 10_000)}`,
    params,
  );
  return rows.map((r) => taskOf(r, today));
}

export async function getTask({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<Task & { comments: TaskComment[] }> {
  const [row] = await db(ctx).query<TaskRow>(`${SELECT} WHERE t.id = $1`, [id]);
  if (!row) throw new NotFoundError(`no task with id ${id}`);
  return { ...taskOf(row, todayUtc(nowOf(ctx))), comments: (await taskComments(ctx, [id])).get(id) ?? [] };
}

/** The comments of these tasks, oldest first, by task id. */
export async function taskComments(ctx: ServiceContext, ids: readonly number[]): Promise<Map<number, TaskComment[]>> {
  const out = new Map<number, TaskComment[]>();
  if (ids.length === 0) return out;
  const rows = await db(ctx).query<{
    id: number;
    task_id: number;
    author_label: string;
    body: string;
    created_at: Date;
  }>(
    `SELECT id, task_id, author_label, body, created_at FROM task_comments
      WHERE task_id IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint) ORDER BY id`,
    [JSON.stringify(ids)],
  );
  for (const c of rows) {
    const list = out.get(c.task_id) ?? [];
    list.push({ id: c.id, author: c.author_label, body: c.body, createdAt: new Date(c.created_at).toISOString() });
    out.set(c.task_id, list);
  }
  return out;
}

export type TaskChange =
  | { action: 'complete' }
  | { action: 'cancel' }
  | { action: 'reopen' }
  | { action: 'snooze'; until: string }
  | { action: 'check'; item: number; done: boolean };

/** Completes, cancels, reopens or snoozes a task, or ticks a checklist item. */
export async function changeTask({ ctx, id, change }: { ctx: ServiceContext; id: number; change: TaskChange }) {
  return withTransaction(ctx, async (t) => {
    const before = await getTask({ ctx: t, id });
    const now = nowOf(t);
    const today = todayUtc(now);
    const live = before.status === 'open' || before.status === 'snoozed';
    switch (change.action) {
      case 'complete':
      case 'cancel': {
        if (!live)
          throw new UsageError(`task ${id} is ${before.status}: only an open or snoozed task can be ${change.action}d`);
        const status = change.action === 'complete' ? 'done' : 'cancelled';
        await t.tx.execute(
          `UPDATE tasks SET status = $2, snoozed_until = NULL, finished_at = $3, updated_at = $3 WHERE id = $1`,
          [id, status, now],
        );
        if (status === 'done') {
          await emitEvent(
            t,
            'task.completed',
            {
              taskId: id,
              accountId: before.accountId,
              playbook: before.playbook,
              title: before.title,
              completedBy: t.actor.label,
            },
            { tx: t.tx },
          );
        }
        break;
      }
      case 'reopen': {
        if (live) throw new UsageError(`task ${id} is already ${before.status}`);
        await t.tx
          .execute(`UPDATE tasks SET status = 'open', finished_at = NULL, updated_at = $2 WHERE id = $1`, [id, now])
          .catch(() => {
            throw new UsageError(`task ${id} cannot be reopened: its playbook has another open task for this account`);
          });
        break;
      }
      case 'snooze':
        if (!live) throw new UsageError(`task ${id} is ${before.status}: only an open task can be snoozed`);
        if (change.until <= today)
          throw new UsageError(`snooze until a day after today (${today}), found ${change.until}`);
        await t.tx.execute(`UPDATE tasks SET status = 'snoozed', snoozed_until = $2, updated_at = $3 WHERE id = $1`, [
          id,
          change.until,
          now,
        ]);
        break;
      case 'check': {
        if (change.item < 0 || change.item >= before.checklist.length) {
          throw new UsageError(
            `task ${id} has ${before.checklist.length} checklist item(s); item ${change.item} does not exist`,
          );
        }
        const checklist = before.checklist.map((c, i) => (i === change.item ? { ...c, done: change.done } : c));
        await t.tx.execute(`UPDATE tasks SET checklist = $2::jsonb, updated_at = $3 WHERE id = $1`, [
          id,
          JSON.stringify(checklist),
          now,
        ]);
        break;
      }
    }
    await audit(t.tx, t, `task.${change.action}`, `task:${id}`, { ...change });
    return getTask({ ctx: t, id });
  });
}

export async function commentOnTask({ ctx, id, body }: { ctx: ServiceContext; id: number; body: string }) {
  const text = body.trim();
  if (text === '' || text.length > 10_000) throw new UsageError('a comment is 1 to 10000 characters');
  return withTransaction(ctx, async (t) => {
    await getTask({ ctx: t, id });
    await t.tx.execute(
      `INSERT INTO task_comments (task_id, author_label, author_user_id, body, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [id, t.actor.label, t.actor.kind === 'user' ? Number(t.actor.id) : null, text, nowOf(t)],
    );
    await audit(t.tx, t, 'task.comment', `task:${id}`, {});
    return getTask({ ctx: t, id });
  });
}

/** A task written by hand (not by a playbook), for an account and a user (email). */
export async function createTask({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    accountId: string;
    title: string;
    assignee: string;
    dueDate?: string | undefined;
    description?: string | undefined;
  };
}) {
  return withTransaction(ctx, async (t) => {
    const [account] = await t.tx.query<{ id: number; name: string }>(
      `SELECT id, name FROM accounts WHERE external_id = $1`,
      [input.accountId],
    );
    if (!account) throw new UsageError(`no account with id "${input.accountId}"`);
    const [user] = await t.tx.query<{ id: number; email: string }>(
      `SELECT id, email FROM users WHERE lower(email) = lower($1) AND NOT disabled`,
      [input.assignee],
    );
    if (!user) throw new UsageError(`no active user ${input.assignee}`);
    const now = nowOf(t);
    const [row] = await t.tx.query<{ id: number }>(
      `INSERT INTO tasks (account_id, title, description, assignee_user_id, status, due_on, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'open', $5, $6, $6) RETURNING id`,
      [account.id, input.title, input.description ?? null, user.id, input.dueDate ?? null, now],
    );
    if (!row) throw new Error('the new task has no id');
    const id = row.id;
    await emitEvent(
      t,
      'task.created',
      {
        taskId: id,
        accountId: input.accountId,
        accountName: account.name,
        playbook: null,
        title: input.title,
        assignee: user.email,
        dueDate: input.dueDate ?? null,
      },
      { tx: t.tx },
    );
    await audit(t.tx, t, 'task.create', `task:${id}`, { accountId: input.accountId, title: input.title });
    return getTask({ ctx: t, id });
  });
}

/** Sets (or clears, with null) the manager of a user: both by email. */
export async function setManager({
  ctx,
  user,
  manager,
}: {
  ctx: ServiceContext;
  user: string;
  manager: string | null;
}) {
  return withTransaction(ctx, async (t) => {
    const find = async (email: string) => {
      const [row] = await t.tx.query<{ id: number }>(`SELECT id FROM users WHERE lower(email) = lower($1)`, [email]);
      if (!row) throw new UsageError(`no user ${email}`);
      return row.id;
    };
    const userId = await find(user);
    const managerId = manager === null ? null : await find(manager);
    if (managerId === userId) throw new UsageError('a user cannot be their own manager');
    await t.tx.execute(`UPDATE users SET manager_user_id = $2, updated_at = $3 WHERE id = $1`, [
      userId,
      managerId,
      nowOf(t),
    ]);
    await audit(t.tx, t, 'user.manager', `user:${userId}`, { manager });
  });
}
