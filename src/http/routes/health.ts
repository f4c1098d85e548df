import { Type } from 'typebox';
import { getStatus } from '../../services/status.ts';
import type { App, RouteDeps } from '../types.ts';

export function healthRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Liveness and the store this server uses (no authentication)',
        tags: ['health'],
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), store: Type.String(), schemaVersion: Type.Integer() }),
        },
      },
    },
    async () => {
      const [row] = await ctx.store.query<{ v: number | null }>(`SELECT max(version) AS v FROM tenure_migrations`);
      return { status: 'ok' as const, store: ctx.store.kind, schemaVersion: row?.v ?? 0 };
    },
  );
  app.get(
    '/api/v1/status',
    {
      config: { access: 'read' },
      schema: {
        summary: 'What the store holds: record counts by kind',
        tags: ['health'],
        response: {
          200: Type.Object({
            store: Type.Object({ kind: Type.String(), location: Type.String() }),
            schemaVersion: Type.Integer(),
            counts: Type.Record(Type.String(), Type.Integer()),
          }),
        },
      },
    },
    () => getStatus({ ctx }),
  );
}
