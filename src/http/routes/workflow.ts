// CS workflow: playbooks (list, import, pause/resume, run log) and tasks (inbox, states, checklist, comments).
import type { FastifyRequest } from 'fastify';
import { boundedJsonObject, IdParams } from '../../contract/common.ts';
import {
  ChecklistInput,
  CommentInput,
  PlaybookImport,
  PlaybookImportResult,
  Playbook,
  PlaybookList,
  PlaybookRuns,
  PlaybookStateInput,
  RunsQuery,
  TaskInput,
  TaskList,
  TaskQuery,
  TaskStatusInput,
  TaskWithComments,
  type PlaybookView,
} from '../../contract/workflow.ts';
import type { PlaybookSummary } from '../../services/playbooks/playbooks.ts';
import { allRuns, importPlaybooks, listPlaybooks, setPlaybookState } from '../../services/playbooks/playbooks.ts';
import {
  changeTask,
  commentOnTask,
  createTask,
  listTasks,
  taskComments,
  NotFoundError,
  type TaskChange,
  type TaskQuery as ServiceTaskQuery,
} from '../../services/playbooks/tasks.ts';
import { TRIGGERS } from '../../services/playbooks/triggers/index.ts';
import { requestContext } from '../actor.ts';
import { HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';
import { timelineRoutes } from './workflow-timeline.ts';
import { tierRoutes } from './workflow-tiers.ts';
import { referenceRoutes } from './workflow-references.ts';
import { withTierOf } from '../../services/tiers-of.ts';

const read = { access: 'read' as const };
const write = { access: 'write' as const };

/** A missing task or playbook is a 404, not a 400. */
async function found<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof NotFoundError)
      throw new HttpProblem(404, `${error.message[0]?.toUpperCase() ?? ''}${error.message.slice(1)}.`);
    throw error;
  }
}

const playbookView = (p: Omit<PlaybookSummary, 'openTasks' | 'lastRun'> & Partial<PlaybookSummary>): PlaybookView => ({
  id: p.id,
  name: p.name,
  signal: p.definition.trigger.signal,
  definition: boundedJsonObject({ ...p.definition }),
  state: p.state,
  pausedReason: p.pausedReason,
  openTasks: p.openTasks ?? 0,
  lastRun: p.lastRun ?? null,
});

const userEmail = (request: FastifyRequest): string | null =>
  request.principal?.kind === 'user' ? request.principal.user.email : null;

const DUE_DAYS = { overdue: -1, today: 0, week: 7 } as const;

export function workflowRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/v1/playbooks',
    {
      config: read,
      schema: {
        summary: 'Playbooks with their state (paused and why), open tasks and last run; the trigger signals known',
        tags: ['playbooks'],
        response: { 200: PlaybookList },
      },
    },
    async () => ({
      items: (await listPlaybooks({ ctx })).map(playbookView),
      triggers: TRIGGERS.map((t) => ({ signal: t.signal, description: t.description })),
    }),
  );
  app.post(
    '/api/v1/playbooks',
    {
      config: write,
      schema: {
        summary: 'Import a playbook or a list of them (JSON, all or nothing; a known name is replaced)',
        tags: ['playbooks'],
        body: PlaybookImport,
        response: { 200: PlaybookImportResult, ...problems(400, 422) },
      },
    },
    async (request) =>
      importPlaybooks({ ctx: requestContext(ctx, request), text: JSON.stringify(request.body), file: 'request body' }),
  );
  app.get(
    '/api/v1/playbooks/runs',
    {
      config: read,
      schema: {
        summary:
          'The run log (newest first): matched, entered, created, closed, skipped and why; of one playbook or all',
        tags: ['playbooks'],
        querystring: RunsQuery,
        response: { 200: PlaybookRuns, ...problems(404) },
      },
    },
    async (request) => ({
      items: await found(allRuns({ ctx, playbookId: request.query.playbookId, limit: request.query.limit ?? 50 })),
    }),
  );
  app.post(
    '/api/v1/playbooks/:id/state',
    {
      config: write,
      schema: {
        summary: 'Pause or resume a playbook (resuming evaluates it at the runner’s next look)',
        tags: ['playbooks'],
        params: IdParams,
        body: PlaybookStateInput,
        response: { 200: Playbook, ...problems(404) },
      },
    },
    async (request) =>
      playbookView(
        await found(
          setPlaybookState({
            ctx: requestContext(ctx, request),
            playbook: request.params.id,
            state: request.body.state,
          }),
        ),
      ),
  );
  taskRoutes(app, { ctx });
  timelineRoutes(app, { ctx });
  tierRoutes(app, { ctx });
  referenceRoutes(app, { ctx });
}

function taskRoutes(app: App, { ctx }: Pick<RouteDeps, 'ctx'>): void {
  app.get(
    '/api/v1/tasks',
    {
      config: read,
      schema: {
        summary:
          "Tasks with their comments: the signed-in user's (view=mine), their team's, or all; by status, due day, account or id",
        tags: ['tasks'],
        querystring: TaskQuery,
        response: { 200: TaskList, ...problems(400) },
      },
    },
    async (request) => {
      const { view = 'all', owner, status, due, account, id, limit = 500 } = request.query;
      const me = userEmail(request);
      if (view !== 'all' && me === null) {
        throw new HttpProblem(
          400,
          `view=${view} needs a signed-in user; with an API key, name the user with owner=EMAIL.`,
        );
      }
      const query: ServiceTaskQuery = {
        owner: view === 'mine' ? (me ?? undefined) : owner,
        team: view === 'team' ? (me ?? undefined) : undefined,
        status,
        dueWithinDays: due === undefined ? undefined : DUE_DAYS[due],
        account,
        id,
      };
      const all = await listTasks({ ctx, query });
      const items = await withTierOf(ctx, all.slice(0, limit), (task) => task.accountKey);
      const comments = await taskComments(
        ctx,
        items.map((task) => task.id),
      );
      return { items: items.map((task) => ({ ...task, comments: comments.get(task.id) ?? [] })), total: all.length };
    },
  );
  app.post(
    '/api/v1/tasks',
    {
      config: write,
      schema: {
        summary: 'Create a task by hand for an account and a user',
        tags: ['tasks'],
        body: TaskInput,
        response: { 201: TaskWithComments, ...problems(400) },
      },
    },
    async (request, reply) => {
      const task = await createTask({ ctx: requestContext(ctx, request), input: request.body });
      return reply.code(201).send(task);
    },
  );
  app.post(
    '/api/v1/tasks/:id/status',
    {
      config: write,
      schema: {
        summary: 'Complete, cancel, reopen or snooze a task (snoozed needs until: the day it opens again)',
        tags: ['tasks'],
        params: IdParams,
        body: TaskStatusInput,
        response: { 200: TaskWithComments, ...problems(400, 404) },
      },
    },
    async (request) => {
      const { status, until } = request.body;
      let change: TaskChange;
      if (status === 'snoozed') {
        if (until === undefined) throw new HttpProblem(400, 'Snoozing needs until: the day the task opens again.');
        change = { action: 'snooze', until };
      } else {
        change = { action: status === 'done' ? 'complete' : status === 'cancelled' ? 'cancel' : 'reopen' };
      }
      return found(changeTask({ ctx: requestContext(ctx, request), id: request.params.id, change }));
    },
  );
  app.post(
    '/api/v1/tasks/:id/checklist',
    {
      config: write,
      schema: {
        summary: 'Tick or untick a checklist item',
        tags: ['tasks'],
        params: IdParams,
        body: ChecklistInput,
        response: { 200: TaskWithComments, ...problems(400, 404) },
      },
    },
    async (request) =>
      found(
        changeTask({
          ctx: requestContext(ctx, request),
          id: request.params.id,
          change: { action: 'check', item: request.body.item, done: request.body.done },
        }),
      ),
  );
  app.post(
    '/api/v1/tasks/:id/comments',
    {
      config: write,
      schema: {
        summary: 'Comment on a task',
        tags: ['tasks'],
        params: IdParams,
        body: CommentInput,
        response: { 200: TaskWithComments, ...problems(400, 404) },
      },
    },
    async (request) =>
      found(commentOnTask({ ctx: requestContext(ctx, request), id: request.params.id, body: request.body.body })),
  );
}
