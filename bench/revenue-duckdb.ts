// Baseline A: the same ledger computed by DuckDB, in process, over the same generated rows.
import { DuckDBInstance, dateValue, type DuckDBConnection } from '@duckdb/node-api';
import { generatePeriods, type GenerateOptions } from './lib/generate.ts';
import { monthKey, totalsFromRows, type MonthlyTotals } from './lib/totals.ts';

export interface DuckDb {
  connection: DuckDBConnection;
  close(): void;
}

export async function openDuckDb(): Promise<DuckDb> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

const DAYS_PER_MS = 1 / 86_400_000;
const epochDays = (month: number) => Date.UTC(Math.floor(month / 12), month % 12, 1) * DAYS_PER_MS;

/** Appends the generated periods row by row through DuckDB's appender; returns the row count. */
export async function loadDuckDb(db: DuckDb, options: GenerateOptions): Promise<number> {
  await db.connection.run(`CREATE TABLE subscription_periods (
    account_id INTEGER NOT NULL, start_on DATE NOT NULL, end_on DATE, monthly_amount_minor BIGINT NOT NULL)`);
  const appender = await db.connection.createAppender('subscription_periods');
  let rows = 0;
  for (const chunk of generatePeriods(options)) {
    for (let i = 0; i < chunk.account.length; i++) {
      const end = chunk.endMonth[i] ?? null;
      appender.appendInteger(chunk.account[i]!);
      appender.appendDate(dateValue(epochDays(chunk.startMonth[i]!)));
      if (end === null) appender.appendNull();
      else appender.appendDate(dateValue(epochDays(end)));
      appender.appendBigInt(BigInt(chunk.amountMinor[i]!));
      appender.endRow();
    }
    rows += chunk.account.length;
  }
  appender.closeSync();
  return rows;
}

/**
 * Months are indexes (year * 12 + month0). A period covers month M when start_on <= first day of M < end_on:
 * its first covered month is the one after (start_on - 1 day), its last the month of (end_on - 1 day).
 * One window pass gives each active customer-month its predecessor (LAG) and successor (LEAD); a gap after
 * an active month yields the churn row for the month that follows it.
 */
function ledgerSql(first: number, last: number): string {
  return `
WITH covered AS (
  SELECT account_id, monthly_amount_minor AS amount,
    unnest(range(
      greatest(year(start_on - 1) * 12 + month(start_on - 1), ${first}),
      least(coalesce(year(end_on - 1) * 12 + month(end_on - 1) - 1, ${last}), ${last}) + 1)) AS month
  FROM subscription_periods
),
customer_months AS (
  SELECT account_id, month, sum(amount) AS mrr FROM covered GROUP BY account_id, month HAVING sum(amount) > 0
),
neighbours AS (
  SELECT account_id, month, mrr,
    lag(month) OVER w AS prev_month, lag(mrr) OVER w AS prev_mrr, lead(month) OVER w AS next_month
  FROM customer_months WINDOW w AS (PARTITION BY account_id ORDER BY month)
),
movements AS (
  SELECT month, mrr,
    CASE WHEN prev_month IS NULL THEN 'new'
         WHEN prev_month < month - 1 THEN 'reactivation'
         WHEN mrr > prev_mrr THEN 'expansion'
         WHEN mrr < prev_mrr THEN 'contraction' END AS kind,
    mrr - CASE WHEN prev_month = month - 1 THEN prev_mrr ELSE 0 END AS change
  FROM neighbours
  UNION ALL
  SELECT month + 1, 0, 'churn', -mrr FROM neighbours
  WHERE (next_month IS NULL OR next_month > month + 1) AND month < ${last}
)
SELECT spine.month,
  coalesce(sum(mrr), 0)::BIGINT AS mrr,
  count(*) FILTER (WHERE mrr > 0) AS customers,
  sum(change) FILTER (WHERE kind = 'new')::BIGINT AS new_mrr,
  count(*) FILTER (WHERE kind = 'new') AS new_count,
  sum(change) FILTER (WHERE kind = 'expansion')::BIGINT AS expansion_mrr,
  count(*) FILTER (WHERE kind = 'expansion') AS expansion_count,
  sum(change) FILTER (WHERE kind = 'contraction')::BIGINT AS contraction_mrr,
  count(*) FILTER (WHERE kind = 'contraction') AS contraction_count,
  sum(change) FILTER (WHERE kind = 'churn')::BIGINT AS churn_mrr,
  count(*) FILTER (WHERE kind = 'churn') AS churn_count,
  sum(change) FILTER (WHERE kind = 'reactivation')::BIGINT AS reactivation_mrr,
  count(*) FILTER (WHERE kind = 'reactivation') AS reactivation_count
FROM range(${first}, ${last + 1}) AS spine(month)
LEFT JOIN movements ON movements.month = spine.month
GROUP BY spine.month
ORDER BY spine.month`;
}

/** Computes the monthly totals for months `first`..`last` (indexes, inclusive). */
export async function runDuckDbLedger(db: DuckDb, first: number, last: number): Promise<MonthlyTotals[]> {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last)) throw new Error('month bounds must be integers');
  const reader = await db.connection.runAndReadAll(ledgerSql(first, last));
  const rows = reader.getRowObjectsJS().map((r) => ({ ...r, month: monthKey(Number(r.month)) }));
  return totalsFromRows(rows);
}
