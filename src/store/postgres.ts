import { text } from 'node:stream/consumers';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { textParsers } from './parsers.ts';
import { StoreError, type Queryable, type Row, type Store } from './types.ts';

const builtinParser = pg.types.getTypeParser as (oid: number, format: 'text') => (text: string) => unknown;
const types = {
  getTypeParser: ((oid: number) => textParsers[oid] ?? builtinParser(oid, 'text')) as typeof pg.types.getTypeParser,
};

function wrapError(error: unknown): Error {
  if (error instanceof Error && 'code' in error) {
    const e = error as Error & { code?: string; detail?: string };
    return new StoreError(e.message, { code: e.code, detail: e.detail });
  }
  return error instanceof Error ? error : new StoreError(String(error));
}

function queryable(run: pg.Pool | pg.PoolClient): Queryable {
  return {
    query: async <T extends Row>(sql: string, params: readonly unknown[] = []) => {
      try {
        return (await run.query<T>(sql, [...params])).rows;
      } catch (error) {
        throw wrapError(error);
      }
    },
    execute: async (sql, params = []) => {
      try {
        return (await run.query(sql, [...params])).rowCount ?? 0;
      } catch (error) {
        throw wrapError(error);
      }
    },
    copyOut: async (sql) => {
      const client = 'release' in run ? run : await run.connect();
      try {
        return await text(client.query(copyTo(sql)));
      } catch (error) {
        throw wrapError(error);
      } finally {
        if (client !== run) client.release();
      }
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparseable DATABASE_URL)';
  }
}

/** A PostgreSQL server. `searchPath` isolates a schema (used by tests). */
export function openPostgres(url: string, options: { searchPath?: string; max?: number } = {}): Store {
  const pool = new pg.Pool({
    connectionString: url,
    types,
    max: options.max ?? 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead
  const direct = queryable(pool);
  return {
    kind: 'postgres',
    location: redactUrl(url),
    ...direct,
    exec: async (sql) => {
      await direct.query(sql);
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
