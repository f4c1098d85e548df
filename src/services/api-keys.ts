// API keys for machines: 'tnr_<prefix>_<secret>'. Only the prefix (for lookup) and a SHA-256 of the whole key
// are stored; a key carries 192 random bits, so a fast hash suffices where a password needs a slow one.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyInfo } from '../contract/users.ts';
import { audit } from './audit.ts';
import { withTransaction, type ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';

export const SCOPES = ['read', 'write', 'ingest'] as const;
export type Scope = (typeof SCOPES)[number];

export type ApiKey = {
  id: number;
  name: string;
  prefix: string;
  scope: Scope;
};

export function parseScope(value: string): Scope {
  if (!(SCOPES as readonly string[]).includes(value)) {
    throw new UsageError(`scope must be one of ${SCOPES.join(', ')}, found "${value}"`);
  }
  return value as Scope;
}

const digest = (key: string) => createHash('sha256').update(key).digest();

export async function createApiKey({
  ctx,
  scope,
  name,
}: {
  ctx: ServiceContext;
  scope: Scope;
  name?: string | undefined;
}): Promise<ApiKey & { key: string }> {
  const createdBy = ctx.actor.kind === 'user' && ctx.actor.id !== null ? Number(ctx.actor.id) : null;
  const prefix = randomBytes(6).toString('hex');
  const key = `tnr_${prefix}_${randomBytes(24).toString('base64url')}`;
  const label = name?.trim() || `${scope} key ${prefix}`;
  return withTransaction(ctx, async (t) => {
    const [row] = await t.tx.query<{ id: number }>(
      `INSERT INTO api_keys (name, prefix, key_hash, scope, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [label, prefix, digest(key).toString('base64url'), scope, createdBy],
    );
    if (!row) throw new Error('insert returned no row');
    await audit(t.tx, t, 'apikey.create', `apikey:${prefix}`, { name: label, scope });
    return { id: row.id, name: label, prefix, scope, key };
  });
}

/** The key's record when it is valid and not revoked; null otherwise. */
export async function verifyApiKey({ ctx, key }: { ctx: ServiceContext; key: string }): Promise<ApiKey | null> {
  const match = /^tnr_([0-9a-f]{12})_[\w-]{32}$/.exec(key);
  if (!match) return null;
  const [row] = await ctx.store.query<ApiKey & { key_hash: string }>(
    `SELECT id, name, prefix, scope, key_hash FROM api_keys WHERE prefix = $1 AND revoked_at IS NULL`,
    [match[1]],
  );
  if (!row) return null;
  const expected = Buffer.from(row.key_hash, 'base64url');
  const actual = digest(key);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { id: row.id, name: row.name, prefix: row.prefix, scope: row.scope };
}

export async function listApiKeys({ ctx }: { ctx: ServiceContext }): Promise<ApiKeyInfo[]> {
  const rows = await ctx.store.query<ApiKey & { created_at: Date | string; revoked_at: Date | string | null }>(
    `SELECT id, name, prefix, scope, created_at, revoked_at FROM api_keys ORDER BY id`,
  );
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scope: k.scope,
    createdAt: new Date(k.created_at).toISOString(),
    revokedAt: k.revoked_at === null ? null : new Date(k.revoked_at).toISOString(),
  }));
}

export async function revokeApiKey({ ctx, prefix }: { ctx: ServiceContext; prefix: string }): Promise<boolean> {
  return withTransaction(ctx, async (t) => {
    const rows = await t.tx.query<{ name: string }>(
      `UPDATE api_keys SET revoked_at = $2 WHERE prefix = $1 AND revoked_at IS NULL RETURNING name`,
      [prefix, t.now().toISOString()],
    );
    if (rows[0]) await audit(t.tx, t, 'apikey.revoke', `apikey:${prefix}`, { name: rows[0].name });
    return rows.length > 0;
  });
}
