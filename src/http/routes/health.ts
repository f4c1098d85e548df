import { Type } from 'typebox';
import { getStatus } from '../../services/status.ts';
import { HttpProblem } from '../problem.ts';
import type { App, RouteDeps } from '../types.ts';

/** A store older than this last answer makes health 503. */
const STORE_STALE_MS = 30_000;

/**
 * The store's last answer to a trivial query, refreshed in the background at most once a second: health answers
 * at once even while the embedded store's one session is busy, and still says when the store stops answering.
 */
function storeProbe(ctx: RouteDeps['ctx']) {
  let last: { at: number; schemaVersion: number } | null = null;
  let pending: Promise<void> | null = null;
  const refresh = () => {
    pending ??= ctx.store
      .query<{ v: number | null }>(`SELECT max(version) AS v FROM tenure_migrations`)
      .then(([row]) => {
        last = { at: performance.now(), schemaVersion: row?.v ?? 0 };
      })
      .catch(() => undefined)
      .finally(() => (pending = null));
    return pending;
  };
  return async () => {
    if (last === null) await refresh();
    else if (performance.now() - last.at > 1000) void refresh();
    return last;
  };
}

export function healthRoutes(app: App, { ctx }: RouteDeps): void {
  const probe = storeProbe(ctx);
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Liveness and the store this server uses (no authentication)',
        tags: ['health'],
        security: [],
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            store: Type.String(),
            schemaVersion: Type.Integer(),
            storeAnsweredMsAgo: Type.Integer({ description: "age of the store's last answer to a probe" }),
          }),
        },
      },
    },
    async (_request, reply) => {
      const last = await probe();
      const age = last === null ? Infinity : Math.round(performance.now() - last.at);
      if (last === null || age > STORE_STALE_MS) {
        throw new HttpProblem(
          503,
          `The store (${ctx.store.kind}) has not answered for ${Number.isFinite(age) ? `${age} ms` : 'ever'}.`,
        );
      }
      void reply.header('cache-control', 'no-store');
      return {
        status: 'ok' as const,
        store: ctx.store.kind,
        schemaVersion: last.schemaVersion,
        storeAnsweredMsAgo: age,
      };
    },
  );
  app.get(
    '/api/v1/status',
    {
      config: { access: 'read' },
      schema: {
        summary: 'What the store holds: record counts by kind, and billing records no figure can use',
        tags: ['health'],
        response: {
          200: Type.Object({
            store: Type.Object({ kind: Type.String(), location: Type.String() }),
            schemaVersion: Type.Integer(),
            counts: Type.Record(Type.String(), Type.Integer()),
            problems: Type.Array(
              Type.Object({ record: Type.String(), account: Type.String(), problem: Type.String() }),
            ),
          }),
        },
      },
    },
    () => getStatus({ ctx }),
  );
}
