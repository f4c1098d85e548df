// Contracts (imported and derived from billing), churn reasons per lost renewal, and the exclusion reasons admins
// keep. Thin adapters over src/services/renewals.
import {
  ChurnReasonInput,
  ContractIdParams,
  ContractList,
  ContractListQuery,
  ContractView,
  ExclusionReasonInput,
  ExclusionReasonList,
  ExclusionReasonParams,
} from '../../contract/contracts.ts';
import {
  addExclusionReason,
  ContractNotFound,
  exclusionReasons,
  findContracts,
  getContract,
  removeExclusionReason,
  RenewalConflict,
  setChurnReason,
} from '../../services/renewals/churn-reasons.ts';
import { requestContext } from '../actor.ts';
import { HttpProblem } from '../problem.ts';
import { NoContent, problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

const read = { access: 'read' as const };
const write = { access: 'write' as const };
const admin = { access: 'admin' as const };

/** Service refusals as HTTP problems: no such contract 404, a conflict with its renewal 409. */
async function answering<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ContractNotFound) throw new HttpProblem(404, error.message);
    if (error instanceof RenewalConflict) throw new HttpProblem(409, error.message);
    throw error;
  }
}

export function contractRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/v1/contracts',
    {
      config: read,
      schema: {
        summary: 'Term contracts, imported and derived from billing, by due day (filter by account and due days)',
        tags: ['renewals'],
        querystring: ContractListQuery,
        response: { 200: ContractList },
      },
    },
    async (request) => {
      const q = request.query;
      return findContracts({
        ctx,
        filter: {
          accountId: q.accountId,
          endingFrom: q.endingFrom,
          endingBefore: q.endingBefore,
          limit: q.limit ?? 100,
          offset: q.offset ?? 0,
        },
      });
    },
  );
  app.get(
    '/api/v1/contracts/:contractId',
    {
      config: read,
      schema: {
        summary: 'One contract by its contract_id, with its churn reason',
        tags: ['renewals'],
        params: ContractIdParams,
        response: { 200: ContractView, ...problems(404) },
      },
    },
    async (request) => {
      const found = await getContract({ ctx, contractId: request.params.contractId });
      if (found === null) throw new HttpProblem(404, `There is no contract ${request.params.contractId}.`);
      return found;
    },
  );
  app.put(
    '/api/v1/renewals/:contractId/churn-reason',
    {
      config: write,
      schema: {
        summary: 'Set why a renewal was lost (replaces a reason imported or read from Stripe)',
        tags: ['renewals'],
        params: ContractIdParams,
        body: ChurnReasonInput,
        response: { 200: ContractView, ...problems(404, 409) },
      },
    },
    async (request) =>
      answering(() =>
        setChurnReason({
          ctx: requestContext(ctx, request),
          contractId: request.params.contractId,
          reason: request.body.reason,
          notes: request.body.notes,
        }),
      ),
  );
  app.get(
    '/api/v1/renewals/exclusion-reasons',
    {
      config: admin,
      schema: {
        summary: 'The reasons a contract may be left out of the renewal rates with',
        tags: ['renewals'],
        response: { 200: ExclusionReasonList },
      },
    },
    async () => ({ items: await exclusionReasons({ ctx }) }),
  );
  app.post(
    '/api/v1/renewals/exclusion-reasons',
    {
      config: admin,
      schema: {
        summary: 'Add an exclusion reason to the list',
        tags: ['renewals'],
        body: ExclusionReasonInput,
        response: { 201: ExclusionReasonList, ...problems(409) },
      },
    },
    async (request, reply) => {
      const items = await answering(() =>
        addExclusionReason({ ctx: requestContext(ctx, request), reason: request.body.reason }),
      );
      return reply.code(201).send({ items });
    },
  );
  app.delete(
    '/api/v1/renewals/exclusion-reasons/:reason',
    {
      config: admin,
      schema: {
        summary: 'Take an exclusion reason off the list (contracts excluded with it keep it)',
        tags: ['renewals'],
        params: ExclusionReasonParams,
        response: { 204: NoContent, ...problems(404) },
      },
    },
    async (request, reply) => {
      const removed = await removeExclusionReason({ ctx: requestContext(ctx, request), reason: request.params.reason });
      if (!removed) throw new HttpProblem(404, `"${request.params.reason}" is not on the list of exclusion reasons.`);
      return reply.code(204).send(null);
    },
  );
}
