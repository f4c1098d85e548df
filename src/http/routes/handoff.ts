// The handoff file per account, success plans, their milestones and the portfolio of milestones across accounts.
import { IdParams } from '../../contract/common.ts';
import {
  CreatePlanInput,
  Handoff,
  HandoffInput,
  MilestoneInput,
  MilestoneParams,
  Portfolio,
  PortfolioQuery,
  SuccessPlan,
  SuccessPlanOrNone,
  TemplateDefinitions,
  TemplateList,
} from '../../contract/handoff.ts';
import { getHandoff, putHandoff } from '../../services/handoff/handoff.ts';
import {
  createSuccessPlan,
  defineTemplates,
  getSuccessPlan,
  listTemplates,
  setMilestoneDone,
  successPortfolio,
} from '../../services/handoff/success-plans.ts';
import { requestContext } from '../actor.ts';
import { found } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

export function handoffRoutes(app: App, { ctx }: Pick<RouteDeps, 'ctx'>): void {
  app.get(
    '/api/v1/accounts/:id/handoff',
    {
      config: { access: 'read' },
      schema: {
        summary: "The account's handoff file: goals, promised outcomes, stakeholders, what was bought, risks",
        tags: ['accounts'],
        params: IdParams,
        response: { 200: Handoff, ...problems(404) },
      },
    },
    async (request) => found(getHandoff({ ctx, accountId: request.params.id })),
  );
  app.put(
    '/api/v1/accounts/:id/handoff',
    {
      config: { access: 'write' },
      schema: {
        summary: "Replace the account's handoff file",
        tags: ['accounts'],
        params: IdParams,
        body: HandoffInput,
        response: { 200: Handoff, ...problems(400, 404, 422) },
      },
    },
    async (request) =>
      found(putHandoff({ ctx: requestContext(ctx, request), accountId: request.params.id, body: request.body })),
  );
  app.get(
    '/api/v1/accounts/:id/success-plan',
    {
      config: { access: 'read' },
      schema: {
        summary: "The account's success plan: objectives and milestones, each on time, late or due",
        tags: ['success-plans'],
        params: IdParams,
        response: { 200: SuccessPlanOrNone, ...problems(404) },
      },
    },
    async (request) => ({ plan: await found(getSuccessPlan({ ctx, accountId: request.params.id })) }),
  );
  app.post(
    '/api/v1/accounts/:id/success-plan',
    {
      config: { access: 'write' },
      schema: {
        summary: "Make the account's success plan from a template (its tier's, segment's, or the default)",
        tags: ['success-plans'],
        params: IdParams,
        body: CreatePlanInput,
        response: { 201: SuccessPlan, ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const plan = await found(
        createSuccessPlan({
          ctx: requestContext(ctx, request),
          accountId: request.params.id,
          template: request.body.template,
          startOn: request.body.startOn,
        }),
      );
      return reply.code(201).send(plan);
    },
  );
  app.put(
    '/api/v1/accounts/:id/success-plan/milestones/:key',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Complete a milestone by hand (today), or reopen it',
        tags: ['success-plans'],
        params: MilestoneParams,
        body: MilestoneInput,
        response: { 200: SuccessPlan, ...problems(400, 404) },
      },
    },
    async (request) =>
      found(
        setMilestoneDone({
          ctx: requestContext(ctx, request),
          accountId: request.params.id,
          key: request.params.key,
          done: request.body.done,
        }),
      ),
  );
  app.get(
    '/api/v1/success-plans',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Milestones across accounts, e.g. ?day=30&status=late: accounts whose 30-day milestones are late',
        tags: ['success-plans'],
        querystring: PortfolioQuery,
        response: { 200: Portfolio },
      },
    },
    async (request) => ({ items: await successPortfolio({ ctx, ...request.query }) }),
  );
  app.get(
    '/api/v1/success-plans/templates',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Success plan templates (by tier, by segment, and the default)',
        tags: ['success-plans'],
        response: { 200: TemplateList },
      },
    },
    async () => ({ items: await listTemplates(ctx) }),
  );
  app.put(
    '/api/v1/success-plans/templates',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Replace the success plan templates (a JSON list with a "default"; all or nothing)',
        tags: ['success-plans'],
        body: TemplateDefinitions,
        response: { 200: TemplateList, ...problems(400, 422) },
      },
    },
    async (request) => ({
      items: await defineTemplates({
        ctx: requestContext(ctx, request),
        content: JSON.stringify(request.body),
        file: 'request body',
      }),
    }),
  );
}
