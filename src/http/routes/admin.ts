// Team administration (admins): users, API keys and the audit log; and account owners (read, and write to change).
import { AuditPageSchema, AuditQuerySchema } from '../../contract/audit.ts';
import { IdParams } from '../../contract/common.ts';
import { AccountOwnerSchema, OwnerChangeSchema, OwnerLinkResultSchema } from '../../contract/owners.ts';
import {
  ApiKeyCreatedSchema,
  ApiKeyCreateSchema,
  ApiKeyListSchema,
  ApiKeyPrefixParams,
  OwnerCandidatesSchema,
  TeamUserSchema,
  UserCreateSchema,
  UserIdParams,
  UserListSchema,
  UserUpdateSchema,
} from '../../contract/users.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../services/api-keys.ts';
import { listAudit } from '../../services/audit.ts';
import { accountOwner, linkOwnersVerb, setAccountOwner } from '../../services/owners.ts';
import { getUser, listUsers, ownerCandidates, updateUser } from '../../services/team.ts';
import { createUser } from '../../services/users.ts';
import { requestContext } from '../actor.ts';
import { HttpProblem } from '../problem.ts';
import { NoContent, problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

/** What a route with a JSON body may also answer: a body too large, or not JSON. */
const BODY_PROBLEMS = problems(413, 415);

export function adminRoutes(app: App, { ctx, cache }: RouteDeps): void {
  const admin = { access: 'admin' as const };
  app.get(
    '/api/v1/users',
    { config: admin, schema: { summary: 'Users of this Tenure', tags: ['team'], response: { 200: UserListSchema } } },
    async () => ({ users: await listUsers({ ctx }) }),
  );
  app.post(
    '/api/v1/users',
    {
      config: admin,
      schema: {
        summary: 'Add a user',
        tags: ['team'],
        body: UserCreateSchema,
        response: { 201: TeamUserSchema, ...BODY_PROBLEMS },
      },
    },
    async (request, reply) => {
      const { email, password, role, name } = request.body;
      const rctx = requestContext(ctx, request);
      const created = await createUser({ ctx: rctx, email, password, role, name: name?.trim() || null });
      return reply.code(201).send(await getUser(ctx, created.id));
    },
  );
  app.patch(
    '/api/v1/users/:id',
    {
      config: admin,
      schema: {
        summary: "Change a user's role or name, or deactivate (active: false) or reactivate them",
        description: 'A deactivated user cannot sign in and their sessions end at once.',
        tags: ['team'],
        params: UserIdParams,
        body: UserUpdateSchema,
        response: { 200: TeamUserSchema, ...BODY_PROBLEMS },
      },
    },
    async (request) => {
      const user = await updateUser({
        ctx: requestContext(ctx, request),
        id: request.params.id,
        changes: request.body,
      });
      app.forgetCredentials();
      return user;
    },
  );
  app.get(
    '/api/v1/api-keys',
    {
      config: admin,
      schema: { summary: 'API keys (never the keys themselves)', tags: ['team'], response: { 200: ApiKeyListSchema } },
    },
    async () => ({ keys: await listApiKeys({ ctx }) }),
  );
  app.post(
    '/api/v1/api-keys',
    {
      config: admin,
      schema: {
        summary: 'Create an API key: the answer holds the key, shown this once',
        tags: ['team'],
        body: ApiKeyCreateSchema,
        response: { 201: ApiKeyCreatedSchema, ...BODY_PROBLEMS },
      },
    },
    async (request, reply) => {
      const key = await createApiKey({ ctx: requestContext(ctx, request), ...request.body });
      return reply.code(201).header('cache-control', 'no-store').send(key);
    },
  );
  app.delete(
    '/api/v1/api-keys/:prefix',
    {
      config: admin,
      schema: {
        summary: 'Revoke an API key',
        tags: ['team'],
        params: ApiKeyPrefixParams,
        response: { 204: NoContent, ...problems(404) },
      },
    },
    async (request, reply) => {
      const revoked = await revokeApiKey({ ctx: requestContext(ctx, request), prefix: request.params.prefix });
      if (!revoked) throw new HttpProblem(404, `There is no active API key with prefix ${request.params.prefix}.`);
      app.forgetCredentials();
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/audit',
    {
      config: admin,
      schema: {
        summary: 'The audit log, newest first: who made each write',
        tags: ['team'],
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema },
      },
    },
    (request) => listAudit({ ctx, query: request.query }),
  );
  app.get(
    '/api/v1/accounts/:id/owner',
    {
      config: { access: 'read' },
      schema: {
        summary: "An account's owner and the history of its owners",
        tags: ['accounts'],
        params: IdParams,
        response: { 200: AccountOwnerSchema },
      },
    },
    (request) => accountOwner({ ctx, account: request.params.id }),
  );
  app.put(
    '/api/v1/accounts/:id/owner',
    {
      config: { access: 'write' },
      schema: {
        summary: "Change an account's owner to a user (email, name or id), or to nobody (null)",
        tags: ['accounts'],
        params: IdParams,
        body: OwnerChangeSchema,
        response: { 200: AccountOwnerSchema, ...BODY_PROBLEMS },
      },
    },
    async (request) => {
      const owner = await setAccountOwner({
        ctx: requestContext(ctx, request),
        account: request.params.id,
        user: request.body.user,
      });
      cache.clear();
      return owner;
    },
  );
  app.get(
    '/api/v1/owners/candidates',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Users who may own accounts (active admins and CSMs)',
        tags: ['accounts'],
        response: { 200: OwnerCandidatesSchema },
      },
    },
    () => ownerCandidates({ ctx }),
  );
  app.post(
    '/api/v1/owners/link',
    {
      config: admin,
      schema: {
        summary: "Link accounts' owner names to the users of that name or email",
        tags: ['accounts'],
        response: { 200: OwnerLinkResultSchema },
      },
    },
    async (request) => {
      const result = await linkOwnersVerb({ ctx: requestContext(ctx, request) });
      cache.clear();
      return result;
    },
  );
}
