// The HTTP server: JSON API under /api/v1 (OpenAPI 3.1 at /api/openapi.json, docs at /api/docs), Segment-compatible
// ingestion under /v1, and the web dashboard's static files. Routes are thin adapters over the service verbs.
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { ServiceContext } from '../services/context.ts';
import { createReportCache } from '../services/report-cache.ts';
import { registerAuth } from './auth.ts';
import { FORMATS } from '../contract/common.ts';
import { checkResponsesAgainstSchemas } from './check-responses.ts';
import { frameworkProblem, MAX_PATH_SEGMENT, problemFromError, sendProblem } from './problem.ts';
import { accountRoutes } from './routes/accounts.ts';
import { adminRoutes } from './routes/admin.ts';
import { adoptionRoutes } from './routes/adoption.ts';
import { contractRoutes } from './routes/contracts.ts';
import { churnRoutes } from './routes/churn.ts';
import { expansionRoutes } from './routes/expansion.ts';
import { financeRoutes } from './routes/finance.ts';
import { healthRoutes } from './routes/health.ts';
import { healthScoreRoutes } from './routes/health-scores.ts';
import { importRoutes } from './routes/imports.ts';
import { jobRoutes, webhookRoutes } from './routes/jobs.ts';
import { scorecardRoutes } from './routes/scorecards.ts';
import { renewalRoutes } from './routes/renewals.ts';
import { revenueRoutes } from './routes/revenue.ts';
import { segmentRoutes } from './routes/segment.ts';
import { sessionRoutes } from './routes/session.ts';
import { surveyInsightRoutes } from './routes/surveys.ts';
import { surveyAdminRoutes } from './routes/surveys-admin.ts';
import { surveyPublicRoutes } from './routes/surveys-public.ts';
import { workflowRoutes } from './routes/workflow.ts';
import { handoffRoutes } from './routes/handoff.ts';
import { valueReportRoutes } from './routes/value-reports.ts';
import { valueShareRoutes } from './routes/value-share.ts';
import { registerSecurityHeaders } from './security.ts';
import { refuseUnstorableInput } from './text-input.ts';
import { createSignInGuard, type SignInGuardOptions } from './sign-in-guard.ts';
import { declareProblems, finiteKeyword } from './schemas.ts';
import { pageShell, registerWeb } from './web.ts';
import type { App, RegisteredRoute, RouteDeps } from './types.ts';

export interface BuildAppOptions {
  ctx: ServiceContext;
  /** The built dashboard (web/dist); without it only the API is served. */
  webDir?: string | undefined;
  logger?: FastifyServerOptions['logger'];
  /** Sign-in attempts per client address and email per minute. */
  signInRateLimit?: number;
  /** The rest of the sign-in guard's settings (per-address limit, per-account delays; tests pass a fake clock). */
  signIn?: Partial<SignInGuardOptions>;
  /** Requests to the shared report pages (/r/*) per client address per minute. */
  shareRateLimit?: number;
  /** Tests: answer 500 when a payload does not match its declared schema exactly (extra fields included). */
  checkResponses?: boolean;
}

/** A hop count as the function Fastify takes (its types omit the number form): trust the first `hops` proxies. */
function trustedProxies(setting: boolean | number | string[]) {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting;
}

/** Marks every route registered in this scope public (plugins' own routes: docs, static files). */
function publicScope(scope: App): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: 'public' };
  });
}

export async function buildApp({
  ctx,
  webDir,
  logger = false,
  signInRateLimit = 10,
  signIn = {},
  shareRateLimit,
  checkResponses = false,
}: BuildAppOptions): Promise<App> {
  const app: App = Fastify({
    logger,
    trustProxy: trustedProxies(ctx.config.trustProxy),
    bodyLimit: 10 * 1024 * 1024,
    // A "__proto__" key or "constructor.prototype" in a JSON body is dropped, not a 400 for the whole body: one
    // such key in a Segment message must not cost its batch's other messages. No schema of ours takes either.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    // Long path values reach the route schemas (a 200-character contract id is valid, a 101-digit id gets a 400
    // naming params.id); only a segment longer than this gets the 414, as problem+json like every other error.
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT },
    frameworkErrors: (error, request, reply) => {
      const { status, detail } = frameworkProblem(error);
      void sendProblem(reply, request, status, detail);
    },
    // verbose: a validation error carries its schema and value, so a 400 says what was expected and found.
    ajv: {
      customOptions: { coerceTypes: 'array', removeAdditional: false, verbose: true, formats: { ...FORMATS } },
      plugins: [finiteKeyword],
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    declareProblems(route);
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, route });
  });
  if (checkResponses) checkResponsesAgainstSchemas(app);
  app.decorate('registeredRoutes', routes);
  const cache = ctx.cache ?? createReportCache();
  const deps: RouteDeps = { ctx: { ...ctx, cache }, cache };

  app.setErrorHandler((error, request, reply) => {
    const { status, detail, extra } = problemFromError(error instanceof Error ? error : new Error(String(error)));
    if (status >= 500) request.log.error(error);
    if (status === 429 || status === 503) void reply.header('retry-after', reply.getHeader('retry-after') ?? '1');
    return sendProblem(reply, request, status, detail, extra);
  });
  app.addHook('preValidation', refuseUnstorableInput);
  const shell = pageShell(webDir);
  app.setNotFoundHandler(async (request, reply) => {
    const html = await shell(request.method, request.url);
    if (html !== null) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
    return sendProblem(reply, request, 404, `There is no ${request.method} ${request.url.split('?')[0] ?? ''} here.`);
  });

  registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, { limits: { fileSize: 512 * 1024 * 1024, files: 1 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Tenure API', version: '1', description: 'Revenue, accounts and imports of a Tenure store.' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: tenure apikey create --scope read' },
          session: { type: 'apiKey', in: 'cookie', name: 'tenure_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
  });
  await app.register(async (scope: App) => {
    publicScope(scope);
    // No validator badge: it would load an image from validator.swagger.io, which the CSP refuses.
    await scope.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { validatorUrl: null } });
    scope.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  });
  const auth = registerAuth(app, deps.ctx);
  app.decorate('forgetCredentials', auth.forgetAll);

  healthRoutes(app, deps);
  const signInGuard = createSignInGuard({ perAddressAndEmail: signInRateLimit, perAddress: 30, ...signIn });
  sessionRoutes(app, { ...deps, signInGuard, forgetSession: auth.forgetSession });
  revenueRoutes(app, deps);
  financeRoutes(app, deps);
  accountRoutes(app, deps);
  adoptionRoutes(app, deps);
  surveyInsightRoutes(app, deps);
  workflowRoutes(app, deps);
  importRoutes(app, deps);
  adminRoutes(app, deps);
  segmentRoutes(app, deps);
  jobRoutes(app, deps);
  webhookRoutes(app, deps);
  contractRoutes(app, deps);
  renewalRoutes(app, deps);
  surveyAdminRoutes(app, deps);
  surveyPublicRoutes(app, deps);
  healthScoreRoutes(app, deps);
  churnRoutes(app, deps);
  expansionRoutes(app, deps);
  scorecardRoutes(app, deps);
  handoffRoutes(app, deps);
  valueReportRoutes(app, deps);
  valueShareRoutes(app, { ...deps, ...(shareRateLimit ? { perMinute: shareRateLimit } : {}) });
  if (webDir)
    await app.register(async (scope: App) => {
      publicScope(scope);
      await registerWeb(scope, webDir);
    });
  return app;
}
