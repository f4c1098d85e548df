// Coverage tiers: definitions, each customer's tier, overrides with an expiry, and coverage per CSM.
import {
  AccountTierList,
  AccountTierQuery,
  Coverage,
  OverrideInput,
  OverrideParams,
  TierDefinitions,
  TierList,
} from '../../contract/tiers.ts';
import {
  accountTiers,
  clearTierOverride,
  defineTiers,
  listTiers,
  setTierOverride,
  tierCoverage,
} from '../../services/tiers.ts';
import { requestContext } from '../actor.ts';
import { found } from '../problem.ts';
import { NoContent, problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

export function tierRoutes(app: App, { ctx }: Pick<RouteDeps, 'ctx'>): void {
  app.get(
    '/api/v1/tiers',
    {
      config: { access: 'read' },
      schema: { summary: 'Coverage tiers, first tried first', tags: ['tiers'], response: { 200: TierList } },
    },
    async () => ({ items: await listTiers(ctx) }),
  );
  app.put(
    '/api/v1/tiers',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Replace the tier definitions (a JSON list, first tier first; all or nothing)',
        tags: ['tiers'],
        body: TierDefinitions,
        response: { 200: TierList, ...problems(400, 422) },
      },
    },
    async (request) => ({
      items: await defineTiers({
        ctx: requestContext(ctx, request),
        content: JSON.stringify(request.body),
        file: 'request body',
      }),
    }),
  );
  app.get(
    '/api/v1/tiers/accounts',
    {
      config: { access: 'read' },
      schema: {
        summary: "Each paying customer's tier (rule or unexpired override), by ARR",
        tags: ['tiers'],
        querystring: AccountTierQuery,
        response: { 200: AccountTierList },
      },
    },
    async (request) => ({ items: await accountTiers({ ctx, ...request.query }) }),
  );
  app.get(
    '/api/v1/tiers/coverage',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Accounts and ARR per CSM and tier, against the tier targets per CSM',
        tags: ['tiers'],
        response: { 200: Coverage },
      },
    },
    async () => ({ items: await tierCoverage({ ctx }) }),
  );
  app.put(
    '/api/v1/tiers/overrides',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Put an account in a tier by hand until a day',
        tags: ['tiers'],
        body: OverrideInput,
        response: { 204: NoContent, ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const { accountId, tier, expiresOn, reason } = request.body;
      await found(setTierOverride({ ctx: requestContext(ctx, request), account: accountId, tier, expiresOn, reason }));
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/api/v1/tiers/overrides/:account',
    {
      config: { access: 'write' },
      schema: {
        summary: "Remove an account's tier override",
        tags: ['tiers'],
        params: OverrideParams,
        response: { 204: NoContent, ...problems(404) },
      },
    },
    async (request, reply) => {
      await found(clearTierOverride({ ctx: requestContext(ctx, request), account: request.params.account }));
      return reply.code(204).send(null);
    },
  );
}
