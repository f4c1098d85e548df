// An account's timeline (notes, tasks, movements, survey answers, renewals, usage) and CSM notes.
import { IdParams } from '../../contract/common.ts';
import { NoteInput, Timeline, TimelineQuery } from '../../contract/timeline.ts';
import { accountTimeline, addNote, parseKinds } from '../../services/timeline.ts';
import { requestContext } from '../actor.ts';
import { found } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';
import { Type } from 'typebox';

export function timelineRoutes(app: App, { ctx }: Pick<RouteDeps, 'ctx'>): void {
  app.get(
    '/api/v1/accounts/:id/timeline',
    {
      config: { access: 'read' },
      schema: {
        summary: "One stream of an account's notes, tasks, revenue movements, survey answers, renewals and usage",
        tags: ['accounts'],
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: Timeline, ...problems(400, 404) },
      },
    },
    async (request) => {
      const { kinds, from, to, limit } = request.query;
      return found(
        accountTimeline({ ctx, accountId: request.params.id, kinds: parseKinds(kinds), from, to, limit: limit ?? 500 }),
      );
    },
  );
  app.post(
    '/api/v1/accounts/:id/notes',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Add a note (Markdown) to an account',
        tags: ['accounts'],
        params: IdParams,
        body: NoteInput,
        response: { 201: Type.Object({ id: Type.Integer() }, { additionalProperties: false }), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const note = await found(
        addNote({ ctx: requestContext(ctx, request), accountId: request.params.id, body: request.body.body }),
      );
      return reply.code(201).send(note);
    },
  );
}
