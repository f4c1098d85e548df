// Value reports in the API: the preview (JSON) and the PDF of an account's report, share links (made, listed,
// withdrawn), emailing a report,
// the business review schedule, outcome values recorded by hand, value metric definitions and report settings.
import { Type } from 'typebox';
import { IdParams } from '../../contract/common.ts';
import {
  OutcomeValue,
  OutcomeValueInput,
  Removed,
  ReviewSchedule,
  ReviewScheduleInput,
  SendInput,
  SendQueued,
  ShareInput,
  ShareLink,
  ShareLinkList,
  ShareLinkParams,
  ShareLinkRecord,
  ValueMetric,
  ValueMetricInput,
  ValueMetricList,
  ValueReport,
  ValueReportQuery,
  ValueSettings,
  ValueSettingsInput,
} from '../../contract/value-reports.ts';
import {
  addValueMetric,
  listValueMetrics,
  recordOutcomeValue,
  removeValueMetric,
} from '../../services/value/metrics.ts';
import {
  getValueSettings,
  resolvePeriod,
  setValueSettings,
  valueReport,
  valueReportPdf,
} from '../../services/value/report.ts';
import { getReviewSchedule, queueValueReportEmail, setReviewSchedule } from '../../services/value/schedule.ts';
import { listValueShareLinks, revokeValueShareLink } from '../../services/value/links.ts';
import { createValueShareLink } from '../../services/value/share.ts';
import { requestContext } from '../actor.ts';
import { found, HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

const tags = ['value-reports'];
const Pdf = {
  description: 'The report as an A4 PDF',
  content: { 'application/pdf': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
};

function accountRoutes(app: App, { ctx }: Pick<RouteDeps, 'ctx'>): void {
  app.get(
    '/api/v1/accounts/:id/value-report',
    {
      config: { access: 'read' },
      schema: {
        summary:
          "The account's value report for a period (default: the last full quarter), every figure with its source",
        tags,
        params: IdParams,
        querystring: ValueReportQuery,
        response: { 200: ValueReport, ...problems(404) },
      },
    },
    async (request) => found(valueReport({ ctx, accountId: request.params.id, ...request.query })),
  );
  app.get(
    '/api/v1/accounts/:id/value-report.pdf',
    {
      config: { access: 'read' },
      schema: {
        summary: "The account's value report as a PDF (the same figures as the page)",
        tags,
        params: IdParams,
        querystring: ValueReportQuery,
        response: { 200: Pdf, ...problems(404) },
      },
    },
    async (request, reply) => {
      const model = await found(valueReport({ ctx, accountId: request.params.id, ...request.query }));
      const name = `value-report-${model.account.externalId.replace(/[^\w.-]/g, '_')}-${model.period.from}-${model.period.to}.pdf`;
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(await valueReportPdf(model));
    },
  );
  app.post(
    '/api/v1/accounts/:id/value-report/share',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Create a signed, expiring link to the report for a period: it opens without signing in',
        tags,
        params: IdParams,
        body: ShareInput,
        response: { 200: ShareLink, ...problems(404, 413, 415) },
      },
    },
    async (request) =>
      found(createValueShareLink({ ctx: requestContext(ctx, request), accountId: request.params.id, ...request.body })),
  );
  app.get(
    '/api/v1/accounts/:id/value-report/links',
    {
      config: { access: 'read' },
      schema: {
        summary: "The account's share links, newest first: period, expiry, who made it, opens, withdrawn or not",
        tags,
        params: IdParams,
        response: { 200: ShareLinkList, ...problems(404) },
      },
    },
    async (request) => ({ items: await found(listValueShareLinks({ ctx, accountId: request.params.id })) }),
  );
  app.post(
    '/api/v1/accounts/:id/value-report/links/:linkId/revoke',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Withdraw one share link: it opens nothing from now on (the other links keep working)',
        tags,
        params: ShareLinkParams,
        response: { 200: ShareLinkRecord, ...problems(404) },
      },
    },
    async (request) =>
      found(
        revokeValueShareLink({
          ctx: requestContext(ctx, request),
          accountId: request.params.id,
          linkId: request.params.linkId,
        }),
      ),
  );
  app.post(
    '/api/v1/accounts/:id/value-report/send',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Email the report (PDF attached, with a share link) to one address; sent by a job',
        tags,
        params: IdParams,
        body: SendInput,
        response: { 202: SendQueued, ...problems(404, 422, 413, 415) },
      },
    },
    async (request, reply) => {
      const c = requestContext(ctx, request);
      const period = resolvePeriod(c.now().toISOString().slice(0, 10), request.body.from, request.body.to);
      const id = await found(
        queueValueReportEmail({ ctx: c, accountId: request.params.id, to: request.body.recipient, period }),
      );
      return reply.code(202).send({ id });
    },
  );
  app.get(
    '/api/v1/accounts/:id/value-report/schedule',
    {
      config: { access: 'read' },
      schema: {
        summary: "The account's next business review (reports are emailed ahead of it) and its cadence",
        tags,
        params: IdParams,
        response: { 200: ReviewSchedule, ...problems(404) },
      },
    },
    async (request) => found(getReviewSchedule({ ctx, accountId: request.params.id })),
  );
  app.put(
    '/api/v1/accounts/:id/value-report/schedule',
    {
      config: { access: 'write' },
      schema: {
        summary: "Set the account's next business review, its cadence in months and an optional recipient",
        tags,
        params: IdParams,
        body: ReviewScheduleInput,
        response: { 200: ReviewSchedule, ...problems(404, 422, 413, 415) },
      },
    },
    async (request) =>
      found(
        setReviewSchedule({ ctx: requestContext(ctx, request), accountId: request.params.id, input: request.body }),
      ),
  );
  app.post(
    '/api/v1/accounts/:id/value-report/outcomes',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Record where a promised outcome stands, for outcomes product usage does not measure',
        tags,
        params: IdParams,
        body: OutcomeValueInput,
        response: { 200: OutcomeValue, ...problems(404, 422, 413, 415) },
      },
    },
    async (request) =>
      found(
        recordOutcomeValue({ ctx: requestContext(ctx, request), accountId: request.params.id, input: request.body }),
      ),
  );
}

function adminRoutes(app: App, { ctx }: Pick<RouteDeps, 'ctx'>): void {
  app.get(
    '/api/v1/value-metrics',
    {
      config: { access: 'read' },
      schema: { summary: 'Value metric definitions', tags, response: { 200: ValueMetricList } },
    },
    async () => ({ items: await listValueMetrics(ctx) }),
  );
  app.post(
    '/api/v1/value-metrics',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Define a value metric: events of a catalog feature × a multiplier, in a unit',
        tags,
        body: ValueMetricInput,
        response: { 200: ValueMetric, ...problems(422, 413, 415) },
      },
    },
    async (request) => addValueMetric({ ctx: requestContext(ctx, request), input: request.body }),
  );
  app.delete(
    '/api/v1/value-metrics/:id',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Remove a value metric definition',
        tags,
        params: IdParams,
        response: { 200: Removed, ...problems(404) },
      },
    },
    async (request) => {
      const removed = await removeValueMetric({ ctx: requestContext(ctx, request), key: request.params.id });
      if (!removed) throw new HttpProblem(404, `There is no value metric ${request.params.id}.`);
      return { removed };
    },
  );
  app.get(
    '/api/v1/value-reports/settings',
    {
      config: { access: 'read' },
      schema: {
        summary: "Value report settings: the company's name and colour, lead times",
        tags,
        response: { 200: ValueSettings },
      },
    },
    async () => getValueSettings(ctx),
  );
  app.put(
    '/api/v1/value-reports/settings',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Change value report settings (fields left out keep their value)',
        tags,
        body: ValueSettingsInput,
        response: { 200: ValueSettings, ...problems(422, 413, 415) },
      },
    },
    async (request) => setValueSettings({ ctx: requestContext(ctx, request), input: request.body }),
  );
}

export function valueReportRoutes(app: App, deps: RouteDeps): void {
  accountRoutes(app, deps);
  adminRoutes(app, deps);
}
