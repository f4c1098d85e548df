// Health for load balancers: `/api/health/live` answers 200 while the process serves requests (restart it when
// not); `/api/health/ready` and `/api/health` answer 200 while the store answers, 503 when it does not (send no
// traffic). Neither needs authentication.
import { Liveness, Readiness } from '../../contract/health.ts';
import { StoreStatus } from '../../contract/meta.ts';
import { createStoreProbe } from '../../services/health-probe.ts';
import { getStatus } from '../../services/status.ts';
import { HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

/** The probe also runs every few seconds, so a store that turns busy right after a quiet spell stays ready. */
const KEEPALIVE_MS = 5000;

const started = performance.now();

export function healthRoutes(app: App, { ctx }: RouteDeps): void {
  const probe = createStoreProbe(ctx.store);
  const keepalive = setInterval(() => void probe.refresh(), KEEPALIVE_MS).unref();
  app.addHook('onClose', () => {
    clearInterval(keepalive);
  });
  const readiness = {
    config: { access: 'public' as const },
    schema: {
      summary: 'Readiness: 200 while the store answers, 503 when it does not (no authentication)',
      tags: ['health'],
      security: [],
      response: { 200: Readiness, ...problems(503) },
    },
  };
  const ready = async (_request: unknown, reply: { header(name: string, value: string): unknown }) => {
    const result = await probe.check();
    if (!result.ok) {
      const since = result.ageMs === null ? 'has never answered' : `has not answered for ${result.ageMs} ms`;
      throw new HttpProblem(503, `The store (${ctx.store.kind}) ${since}.`);
    }
    void reply.header('cache-control', 'no-store');
    return {
      status: 'ok' as const,
      store: ctx.store.kind,
      schemaVersion: result.schemaVersion,
      storeAnsweredMsAgo: result.ageMs,
    };
  };
  app.get('/api/health', readiness, ready);
  app.get('/api/health/ready', readiness, ready);
  app.get(
    '/api/health/live',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Liveness: 200 while the process answers requests; never asks the store (no authentication)',
        tags: ['health'],
        security: [],
        response: { 200: Liveness },
      },
    },
    (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { status: 'ok' as const, uptimeSeconds: Math.floor((performance.now() - started) / 1000) };
    },
  );
  app.get(
    '/api/v1/status',
    {
      config: { access: 'read' },
      schema: {
        summary: 'What the store holds: record counts by kind, and billing records no figure can use',
        tags: ['health'],
        response: { 200: StoreStatus },
      },
    },
    // The store's kind only: its file path or server address is no business of an API caller.
    async () => {
      const status = await getStatus({ ctx });
      return { ...status, store: { kind: status.store.kind } };
    },
  );
}
