// CS workflow over HTTP: playbooks, their runs, tasks and comments (TypeBox), for the routes and the web app.
import { Type, type Static } from 'typebox';
import { dayInput, DayText, integerInput, jsonObject, Nullable, Obj } from './common.ts';

const Timestamp = Type.String({ format: 'date-time' });

export const TASK_STATUSES = ['open', 'snoozed', 'done', 'closed_auto', 'cancelled'] as const;
export const TaskStatus = Type.Enum(TASK_STATUSES);

export const PlaybookLogLine = Obj({ level: Type.Enum(['info', 'skip', 'warn']), message: Type.String() });

export const PlaybookRun = Obj({
  id: Type.Integer(),
  startedAt: Timestamp,
  outcome: Type.Enum(['ok', 'paused', 'failed']),
  matched: Type.Integer({ description: 'accounts matching the trigger' }),
  entered: Type.Integer({ description: 'accounts that newly matched and started the steps' }),
  created: Type.Integer({ description: 'tasks created' }),
  closed: Type.Integer({ description: 'tasks closed because the account stopped matching' }),
  skipped: Type.Integer({ description: 'steps not carried out for an account (reasons in the log)' }),
  log: Type.Array(PlaybookLogLine),
});
export type PlaybookRunView = Static<typeof PlaybookRun>;

export const Playbook = Obj({
  id: Type.Integer(),
  name: Type.String(),
  signal: Type.String({ description: "the trigger's signal" }),
  definition: jsonObject('the playbook as imported (see the README, "Playbooks")'),
  state: Type.Enum(['active', 'paused']),
  pausedReason: Nullable(Type.String()),
  openTasks: Type.Integer(),
  lastRun: Nullable(PlaybookRun),
});
export type PlaybookView = Static<typeof Playbook>;

export const PlaybookList = Obj({
  items: Type.Array(Playbook),
  triggers: Type.Array(Obj({ signal: Type.String(), description: Type.String() })),
});
export type PlaybookListView = Static<typeof PlaybookList>;

/** A playbook, or a list of them, in the JSON format of `tenure playbooks import` (checked field by field). */
export const PlaybookImport = Type.Union([
  Type.Object({}, { additionalProperties: true }),
  Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 200 }),
]);
export const PlaybookImportResult = Obj({ created: Type.Array(Type.String()), updated: Type.Array(Type.String()) });

export const PlaybookRunWithName = Obj({
  ...PlaybookRun.properties,
  playbookId: Type.Integer(),
  playbook: Type.String(),
});
export const PlaybookRuns = Obj({ items: Type.Array(PlaybookRunWithName) });
export type PlaybookRunsView = Static<typeof PlaybookRuns>;
export const RunsQuery = Type.Object({
  playbookId: Type.Optional(
    integerInput({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'only this playbook' }),
  ),
  limit: Type.Optional(
    integerInput({ minimum: 1, maximum: 500, description: 'at most this many runs (newest first)' }),
  ),
});
export const PlaybookStateInput = Type.Object(
  { state: Type.Enum(['active', 'paused']) },
  { additionalProperties: false },
);

export const Task = Obj({
  id: Type.Integer(),
  accountId: Type.String({ description: "the account's external id" }),
  accountName: Type.String(),
  accountKey: Type.Integer({ description: "the account's Tenure id (as in /api/v1/accounts/:id)" }),
  playbook: Nullable(Type.String()),
  title: Type.String(),
  description: Nullable(Type.String()),
  checklist: Type.Array(Obj({ item: Type.String(), done: Type.Boolean() })),
  assignee: Nullable(Type.String({ description: "the assignee's email" })),
  assigneeName: Nullable(Type.String()),
  status: TaskStatus,
  dueDate: Nullable(DayText),
  snoozedUntil: Nullable(DayText),
  overdue: Type.Boolean(),
  createdAt: Timestamp,
  finishedAt: Nullable(Timestamp),
  tier: Type.Optional(Nullable(Type.String({ description: "the account's coverage tier (in lists)" }))),
  tierName: Type.Optional(Nullable(Type.String())),
});
export type TaskView = Static<typeof Task>;

export const TaskComment = Obj({
  id: Type.Integer(),
  author: Type.String(),
  body: Type.String(),
  createdAt: Timestamp,
});
export const TaskWithComments = Obj({ ...Task.properties, comments: Type.Array(TaskComment) });
export type TaskWithCommentsView = Static<typeof TaskWithComments>;

export const TaskList = Obj({ items: Type.Array(TaskWithComments), total: Type.Integer() });
export type TaskListView = Static<typeof TaskList>;

export const TASK_VIEWS = ['mine', 'team', 'all'] as const;
export const TaskQuery = Type.Object({
  view: Type.Optional(
    Type.Enum(TASK_VIEWS, { description: "mine (the signed-in user's), team (theirs and their reports'), all" }),
  ),
  owner: Type.Optional(Type.String({ maxLength: 320, description: "only this assignee's tasks (email)" })),
  status: Type.Optional(TaskStatus),
  due: Type.Optional(Type.Enum(['overdue', 'today', 'week'], { description: 'open tasks due by then' })),
  account: Type.Optional(Type.String({ maxLength: 200, description: "only this account's tasks (external id)" })),
  id: Type.Optional(integerInput({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'only this task' })),
  limit: Type.Optional(integerInput({ minimum: 1, maximum: 5000, description: 'at most this many' })),
});

export const TaskInput = Type.Object(
  {
    accountId: Type.String({ minLength: 1, maxLength: 200 }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    assignee: Type.String({ minLength: 3, maxLength: 320, description: "the assignee's email" }),
    dueDate: Type.Optional(dayInput()),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

export const TaskStatusInput = Type.Object(
  {
    status: Type.Enum(['done', 'cancelled', 'open', 'snoozed']),
    until: Type.Optional(dayInput('with snoozed: the day the task opens again')),
  },
  { additionalProperties: false },
);
export const ChecklistInput = Type.Object(
  { item: integerInput({ minimum: 0, maximum: 49, description: 'the item index' }), done: Type.Boolean() },
  { additionalProperties: false },
);
export const CommentInput = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 10_000 }) },
  { additionalProperties: false },
);
