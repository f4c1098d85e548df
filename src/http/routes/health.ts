// Health for load balancers: `/api/health/live` answers 200 while the process serves requests (restart it when
// not); `/api/health/ready` and `/api/health` answer 200 while the store answers, 503 when it does not (send no
// traffic). Neither needs authentication.
import { Type } from 'typebox';
import { Liveness, Readiness } from '../../contract/health.ts';
import { getStatus } from '../../services/status.ts';
import { HttpProblem } from '../problem.ts';
import type { App, RouteDeps } from '../types.ts';

export interface ProbeOptions {
  /** A last answer younger than this is used as is, without asking the store (default 1 s). */
  freshMs?: number;
  /** How long a check waits for the store to answer a new probe (default 200 ms). */
  waitMs?: number;
  /** The same before the store's first answer, when there is no last answer to fall back on (default 5 s). */
  firstWaitMs?: number;
  /** While a new probe is still out, a last answer younger than this still counts (default 30 s). */
  staleMs?: number;
  now?: () => number;
}

export type ProbeResult = { ok: true; schemaVersion: number; ageMs: number } | { ok: false; ageMs: number | null };

/**
 * The store's answers to a trivial query. An idle server asks afresh and waits (briefly) for the answer, so the
 * first check after a quiet spell is as true as any; a store that is busy (the embedded store's one session in a
 * long write) still counts as answering while its last answer is under `staleMs` old.
 */
export function createStoreProbe(
  store: Pick<RouteDeps['ctx']['store'], 'query'>,
  options: ProbeOptions = {},
): { check(): Promise<ProbeResult>; refresh(): Promise<void> } {
  const { freshMs = 1000, waitMs = 200, firstWaitMs = 5000, staleMs = 30_000, now = () => performance.now() } = options;
  let last: { at: number; schemaVersion: number } | null = null;
  let pending: Promise<void> | null = null;
  const refresh = () =>
    (pending ??= store
      .query<{ v: number | null }>(`SELECT max(version) AS v FROM tenure_migrations`)
      .then(([row]) => {
        last = { at: now(), schemaVersion: row?.v ?? 0 };
      })
      .catch(() => undefined)
      .finally(() => (pending = null)));
  const check = async (): Promise<ProbeResult> => {
    if (last === null || now() - last.at > freshMs) {
      let timer: NodeJS.Timeout | undefined;
      const wait = last === null ? firstWaitMs : waitMs;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, wait)));
      await Promise.race([refresh(), timeout]);
      clearTimeout(timer);
    }
    const seen = last;
    if (seen === null) return { ok: false, ageMs: null };
    const ageMs = Math.max(0, Math.round(now() - seen.at));
    return ageMs <= staleMs ? { ok: true, schemaVersion: seen.schemaVersion, ageMs } : { ok: false, ageMs };
  };
  return { check, refresh };
}

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
      response: { 200: Readiness },
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
