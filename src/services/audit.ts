// The audit log: every write verb records who made it, in the write's own transaction. Admins read it.
import type { AuditEntry, AuditPage, AuditQuery } from '../contract/audit.ts';
import { boundedJsonObject } from '../contract/common.ts';
import { insertAuditRow, lastAuditId, readAuditRows } from '../store/audit.ts';
import type { Queryable } from '../store/types.ts';
import { ACTOR_KINDS, type ActorKind, type ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';

/** Keys whose values never reach the log, at any depth. */
const SECRET_KEY = /pass|secret|token|hash|^key$|cookie|authorization/i;
const MAX_DETAIL_TEXT = 500;

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_DETAIL_TEXT ? `${value.slice(0, MAX_DETAIL_TEXT)}…` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth > 3) return '…';
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => scrub(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !SECRET_KEY.test(k))
      .map(([k, v]) => [k, scrub(v, depth + 1)]),
  );
}

/**
 * Records one write: `await audit(tx, ctx, 'user.add', `user:${id}`, { email, role })`. Pass the transaction
 * the write runs in, so a rolled-back write leaves no audit row. Secret-looking keys are dropped from `details`.
 */
export async function audit(
  tx: Queryable,
  ctx: Pick<ServiceContext, 'actor' | 'now'>,
  verb: string,
  target: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await insertAuditRow(tx, {
    at: ctx.now(),
    actorKind: ctx.actor.kind,
    actorId: ctx.actor.id,
    actorLabel: ctx.actor.label,
    verb,
    target,
    details: scrub(details) as Record<string, unknown>,
  });
}

/** `cli`, or `user:3`: an actor kind and optionally its id. */
export function parseActorFilter(text: string): { actorKind: ActorKind; actorId?: string } {
  const colon = text.indexOf(':');
  const kind = colon === -1 ? text : text.slice(0, colon);
  if (!(ACTOR_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`actor must be one of ${ACTOR_KINDS.join(', ')} (optionally kind:id), found "${text}"`);
  }
  return colon === -1
    ? { actorKind: kind as ActorKind }
    : { actorKind: kind as ActorKind, actorId: text.slice(colon + 1) };
}

export async function listAudit({ ctx, query }: { ctx: ServiceContext; query: AuditQuery }): Promise<AuditPage> {
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  const actor = query.actor ? parseActorFilter(query.actor) : {};
  const { total, rows } = await readAuditRows(ctx.tx ?? ctx.store, { ...actor, verb: query.verb }, { limit, offset });
  const entries: AuditEntry[] = rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: { kind: r.actorKind as ActorKind, id: r.actorId, label: r.actorLabel },
    verb: r.verb,
    target: r.target,
    details: boundedJsonObject(r.details),
  }));
  return { total, limit, offset, entries };
}

/** The newest audit row's id: a caller that remembers it can tell whether anything was written since. */
export function lastWriteId({ ctx }: { ctx: ServiceContext }): Promise<number> {
  return lastAuditId(ctx.tx ?? ctx.store);
}
