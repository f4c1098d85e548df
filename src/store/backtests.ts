// SQL of the model backtests: each model target keeps its runs in a table of its own (churn_backtests,
// expansion_backtests), one row a run with its report as JSON; the app shows the latest.
import type { Queryable } from './types.ts';

export type BacktestTable = 'churn_backtests' | 'expansion_backtests';

export async function insertBacktest(
  tx: Queryable,
  table: BacktestTable,
  asOf: string,
  horizonDays: number,
  result: unknown,
): Promise<number> {
  const [row] = await tx.query<{ id: unknown }>(
    `INSERT INTO ${table} (as_of, horizon_days, result) VALUES ($1, $2, $3::jsonb) RETURNING id`,
    [asOf, horizonDays, JSON.stringify(result)],
  );
  return Number(row?.id);
}

export async function latestBacktest(
  q: Queryable,
  table: BacktestTable,
): Promise<{ id: number; as_of: string; horizon_days: number; result: unknown; created_at: string } | null> {
  const [row] = await q.query<{
    id: unknown;
    as_of: string;
    horizon_days: unknown;
    result: unknown;
    created_at: string;
  }>(
    `SELECT id, to_char(as_of, 'YYYY-MM-DD') AS as_of, horizon_days, result, created_at FROM ${table}
     ORDER BY id DESC LIMIT 1`,
  );
  return row
    ? {
        ...row,
        id: Number(row.id),
        horizon_days: Number(row.horizon_days),
        created_at: new Date(row.created_at).toISOString(),
      }
    : null;
}
