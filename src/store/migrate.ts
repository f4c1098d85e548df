import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from './types.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(): Migration[] {
  return fs
    .readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: fs.readFileSync(path.join(migrationsDir, file), 'utf8'),
    }));
}

/** Applies pending migrations in order, each in its own transaction; returns the versions applied. */
export async function migrate(store: Store): Promise<number[]> {
  await store.exec(`CREATE TABLE IF NOT EXISTS tenure_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const migration of listMigrations()) {
    const done = await store.transaction(async (tx) => {
      // Serializes concurrent migrators on a shared server; harmless on PGlite.
      await tx.query(`SELECT pg_advisory_xact_lock(7263001)`);
      const seen = await tx.query(`SELECT 1 FROM tenure_migrations WHERE version = $1`, [migration.version]);
      if (seen.length > 0) return false;
      for (const statement of splitStatements(migration.sql)) await tx.execute(statement);
      await tx.execute(`INSERT INTO tenure_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/**
 * Splits a migration into statements on `;` at a line end, outside dollar-quoted bodies ($$ … $$),
 * dropping whole-line `--` comments.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inBody = false;
  for (const line of sql.split('\n')) {
    if (!inBody && /^\s*--/.test(line)) continue;
    current.push(line);
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inBody = !inBody;
    if (!inBody && /;\s*$/.test(line)) {
      statements.push(current.join('\n').trim().replace(/;$/, ''));
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (rest) statements.push(rest);
  return statements.filter((s) => s.length > 0);
}
