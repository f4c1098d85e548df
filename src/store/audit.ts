// The audit log's SQL: one row per write, inserted in the write's transaction.
import type { Queryable } from './types.ts';

export interface AuditRow {
  at: Date;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  verb: string;
  target: string | null;
  details: Record<string, unknown>;
}

export async function insertAuditRow(tx: Queryable, row: AuditRow): Promise<void> {
  await tx.execute(
    `INSERT INTO audit_log (at, actor_kind, actor_id, actor_label, verb, target, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      row.at.toISOString(),
      row.actorKind,
      row.actorId,
      row.actorLabel,
      row.verb,
      row.target,
      JSON.stringify(row.details),
    ],
  );
}

export interface AuditFilter {
  actorKind?: string | undefined;
  actorId?: string | undefined;
  /** An exact verb, or a prefix when it ends in '.'. */
  verb?: string | undefined;
}

function where(filter: AuditFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.actorKind !== undefined) {
    params.push(filter.actorKind);
    clauses.push(`actor_kind = $${params.length}`);
  }
  if (filter.actorId !== undefined) {
    params.push(filter.actorId);
    clauses.push(`actor_id = $${params.length}`);
  }
  if (filter.verb !== undefined) {
    if (filter.verb.endsWith('.')) {
      params.push(`${filter.verb.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      clauses.push(`verb LIKE $${params.length}`);
    } else {
      params.push(filter.verb);
      clauses.push(`verb = $${params.length}`);
    }
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export async function readAuditRows(
  q: Queryable,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: (AuditRow & { id: number })[] }> {
  const { sql, params } = where(filter);
  const [count] = await q.query<{ n: number | string }>(`SELECT count(*) AS n FROM audit_log ${sql}`, params);
  const rows = await q.query<{
    id: number | string;
    at: Date | string;
    actor_kind: string;
    actor_id: string | null;
    actor_label: string;
    verb: string;
    target: string | null;
    details: Record<string, unknown> | string;
  }>(
    `SELECT id, at, actor_kind, actor_id, actor_label, verb, target, details FROM audit_log ${sql}
      ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at),
      actorKind: r.actor_kind,
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      verb: r.verb,
      target: r.target,
      details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
    })),
  };
}

/** The newest audit row's id (0 when none): lets a caller tell whether anything was written since. */
export async function lastAuditId(q: Queryable): Promise<number> {
  const [row] = await q.query<{ id: number | string | null }>(`SELECT max(id) AS id FROM audit_log`);
  return Number(row?.id ?? 0);
}
