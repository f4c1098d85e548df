// Reference customers (GET /api/v1/reference-customers) and the built-in playbook templates, installable as they are.
import { boundedJsonObject } from '../../contract/common.ts';
import {
  PlaybookTemplateList,
  ReferenceList,
  ReferenceQuery,
  TemplateKeyParams,
} from '../../contract/reference-customers.ts';
import { PlaybookImportResult } from '../../contract/workflow.ts';
import { listPlaybooks } from '../../services/playbooks/playbooks.ts';
import { NotFoundError } from '../../services/playbooks/tasks.ts';
import { installPlaybookTemplate, PLAYBOOK_TEMPLATES } from '../../services/playbooks/templates.ts';
import { referenceCustomers } from '../../services/reference-customers.ts';
import { requestContext } from '../actor.ts';
import { HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

export function referenceRoutes(app: App, { ctx }: Pick<RouteDeps, 'ctx'>): void {
  app.get(
    '/api/v1/reference-customers',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'Reference candidates: promoters (latest NPS 9–10), health green, adoption high, customers long enough; each with why',
        tags: ['playbooks'],
        querystring: ReferenceQuery,
        response: { 200: ReferenceList, ...problems(400) },
      },
    },
    async (request) =>
      referenceCustomers({ ctx, minTenureMonths: request.query.min_tenure_months, owner: request.query.owner }),
  );
  app.get(
    '/api/v1/playbooks/templates',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Built-in playbook templates (such as "Ask for a reference"), each installable as it is',
        tags: ['playbooks'],
        response: { 200: PlaybookTemplateList },
      },
    },
    async () => {
      const names = new Set((await listPlaybooks({ ctx })).map((p) => p.name));
      return {
        items: PLAYBOOK_TEMPLATES.map((t) => ({
          ...t,
          playbook: boundedJsonObject(t.playbook),
          installed: names.has(String(t.playbook.name)),
        })),
      };
    },
  );
  app.post(
    '/api/v1/playbooks/templates/:key/install',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Install a built-in playbook template (a playbook of the same name is replaced, its tasks kept)',
        tags: ['playbooks'],
        params: TemplateKeyParams,
        response: { 200: PlaybookImportResult, ...problems(404) },
      },
    },
    async (request) => {
      try {
        return await installPlaybookTemplate({ ctx: requestContext(ctx, request), key: request.params.key });
      } catch (error) {
        if (error instanceof NotFoundError) throw new HttpProblem(404, `There is ${error.message}.`);
        throw error;
      }
    },
  );
}
