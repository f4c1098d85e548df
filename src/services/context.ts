import type { TenureConfig } from '../config.ts';
import type { Queryable, Store } from '../store/types.ts';
import type { ReportCache } from './report-cache.ts';

// Progress lives in the core, so importers (which may not import services) take the same one.
import { silentProgress, type Progress } from '../core/progress.ts';
export { silentProgress, type Progress };

export const ACTOR_KINDS = ['user', 'api_key', 'job', 'webhook', 'cli', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Who makes a request: recorded in the audit log beside every write. `id` is the user's or key's id. */
export interface Actor {
  kind: ActorKind;
  id: string | null;
  label: string;
}

/** Tenure itself (start-up, demo loading, migrations). */
export const systemActor: Actor = { kind: 'system', id: null, label: 'tenure' };

/** Everything a service verb needs, handed in: never read from module state. */
export interface ServiceContext {
  store: Store;
  config: TenureConfig;
  progress: Progress;
  /** A long-running server's ledger and report memory; absent in one-shot commands. */
  cache?: ReportCache;
  /** Who is acting: a signed-in user, an API key, a job, a webhook, the CLI or the system. */
  actor: Actor;
  /** The clock, handed in so tests can fix it. */
  now(): Date;
  /** The transaction a composed verb joins (see `withTransaction`); absent outside one. */
  tx?: Queryable;
}

/** A context inside a transaction. */
export type TxContext = ServiceContext & { tx: Queryable };

/**
 * Runs `fn` in the caller's transaction when the context carries one, or else in a new one, so verbs compose:
 * a verb that calls another hands it the `TxContext` it got, and both commit or roll back together.
 */
export function withTransaction<T>(ctx: ServiceContext, fn: (ctx: TxContext) => Promise<T>): Promise<T> {
  if (ctx.tx) return fn({ ...ctx, tx: ctx.tx });
  return ctx.store.transaction((tx) => fn({ ...ctx, tx }));
}

/** Where a verb's SQL goes: the joined transaction, or the store itself. */
export const db = (ctx: ServiceContext): Queryable => ctx.tx ?? ctx.store;

/** A context for code that runs outside any request (tests, benchmarks, start-up). */
export function baseContext(
  fields: Pick<ServiceContext, 'store' | 'config'> & Partial<ServiceContext>,
): ServiceContext {
  return { progress: silentProgress, actor: systemActor, now: () => new Date(), ...fields };
}

/** The current time as the context's clock tells it. */
export const nowOf = (ctx: { now?: (() => Date) | undefined }): Date => ctx.now?.() ?? new Date();
