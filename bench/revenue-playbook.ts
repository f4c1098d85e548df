// Baseline B: the dbt mrr-playbook (models/utils/util_months.sql, customer_revenue_by_month.sql, mrr.sql)
// translated to PostgreSQL as one query of CTEs, plus the monthly aggregate the harness compares.
// Deviations from the playbook, each needed for the same definitions as the other contenders:
//  1. a still-running period (null end) extends the customer's months to the end of the spine;
//  2. amounts are summed per customer-month (the playbook assumes one period per month; add-ons overlap);
//  3. the churn row after the last active month is dropped when it falls after the spine.
import { monthStartDate, totalsFromRows, type MonthlyTotals } from './lib/totals.ts';
import type { Store } from '../src/store/types.ts';

const PLAYBOOK_SQL = `
WITH util_months AS (
  SELECT d::date AS date_month FROM generate_series($1::date, $2::date, interval '1 month') AS d
),
periods AS (
  SELECT account_id AS customer_id, start_on AS start_date, end_on AS end_date,
    monthly_amount_minor AS monthly_amount
  FROM subscription_periods
),
customers AS (
  SELECT customer_id,
    date_trunc('month', min(start_date))::date AS date_month_start,
    CASE WHEN count(*) > count(end_date) THEN ($2::date + interval '1 month')::date
         ELSE date_trunc('month', max(end_date))::date END AS date_month_end
  FROM periods GROUP BY customer_id
),
customer_months AS (
  SELECT customers.customer_id, util_months.date_month
  FROM customers
  JOIN util_months ON util_months.date_month >= customers.date_month_start
    AND util_months.date_month < customers.date_month_end
),
joined AS (
  SELECT customer_months.date_month, customer_months.customer_id,
    coalesce(sum(periods.monthly_amount), 0)::bigint AS mrr
  FROM customer_months
  LEFT JOIN periods ON customer_months.customer_id = periods.customer_id
    AND customer_months.date_month >= periods.start_date
    AND (customer_months.date_month < periods.end_date OR periods.end_date IS NULL)
  GROUP BY customer_months.date_month, customer_months.customer_id
),
customer_revenue_by_month AS (
  SELECT date_month, customer_id, mrr, mrr > 0 AS is_active,
    min(CASE WHEN mrr > 0 THEN date_month END) OVER (PARTITION BY customer_id) AS first_active_month,
    max(CASE WHEN mrr > 0 THEN date_month END) OVER (PARTITION BY customer_id) AS last_active_month
  FROM joined
),
flagged AS (
  SELECT *, first_active_month = date_month AS is_first_month, last_active_month = date_month AS is_last_month
  FROM customer_revenue_by_month
),
customer_churn_month AS (
  SELECT (date_month + interval '1 month')::date AS date_month, customer_id, 0::bigint AS mrr,
    false AS is_active, first_active_month, last_active_month, false AS is_first_month, false AS is_last_month
  FROM flagged
  WHERE is_last_month AND date_month < $2::date
),
unioned AS (
  SELECT * FROM flagged
  UNION ALL
  SELECT * FROM customer_churn_month
),
mrr_with_changes AS (
  SELECT *,
    coalesce(lag(is_active) OVER w, false) AS previous_month_is_active,
    coalesce(lag(mrr) OVER w, 0) AS previous_month_mrr
  FROM unioned
  WINDOW w AS (PARTITION BY customer_id ORDER BY date_month)
),
mrr AS (
  SELECT date_month, customer_id, mrr, is_active, mrr - previous_month_mrr AS mrr_change,
    CASE WHEN is_first_month THEN 'new'
         WHEN NOT is_active AND previous_month_is_active THEN 'churn'
         WHEN is_active AND NOT previous_month_is_active THEN 'reactivation'
         WHEN mrr - previous_month_mrr > 0 THEN 'upgrade'
         WHEN mrr - previous_month_mrr < 0 THEN 'downgrade'
    END AS change_category
  FROM mrr_with_changes
)
SELECT to_char(util_months.date_month, 'YYYY-MM') AS month,
  coalesce(sum(mrr.mrr), 0)::bigint AS mrr,
  count(*) FILTER (WHERE is_active)::int AS customers,
  sum(mrr_change) FILTER (WHERE change_category = 'new')::bigint AS new_mrr,
  count(*) FILTER (WHERE change_category = 'new')::int AS new_count,
  sum(mrr_change) FILTER (WHERE change_category = 'upgrade')::bigint AS expansion_mrr,
  count(*) FILTER (WHERE change_category = 'upgrade')::int AS expansion_count,
  sum(mrr_change) FILTER (WHERE change_category = 'downgrade')::bigint AS contraction_mrr,
  count(*) FILTER (WHERE change_category = 'downgrade')::int AS contraction_count,
  sum(mrr_change) FILTER (WHERE change_category = 'churn')::bigint AS churn_mrr,
  count(*) FILTER (WHERE change_category = 'churn')::int AS churn_count,
  sum(mrr_change) FILTER (WHERE change_category = 'reactivation')::bigint AS reactivation_mrr,
  count(*) FILTER (WHERE change_category = 'reactivation')::int AS reactivation_count
FROM util_months
LEFT JOIN mrr ON mrr.date_month = util_months.date_month
GROUP BY util_months.date_month
ORDER BY util_months.date_month`;

/**
 * Runs the playbook on a PostgreSQL store for months `first`..`last` (indexes, inclusive).
 * `workMem` is raised for this transaction only, as a warehouse would size it for a model run.
 */
export async function runPlaybook(
  store: Store,
  first: number,
  last: number,
  workMem = '256MB',
): Promise<MonthlyTotals[]> {
  if (store.kind !== 'postgres') throw new Error('the playbook baseline runs on the PostgreSQL server');
  return store.transaction(async (tx) => {
    await tx.execute(`SELECT set_config('work_mem', $1, true)`, [workMem]);
    return totalsFromRows(await tx.query(PLAYBOOK_SQL, [monthStartDate(first), monthStartDate(last)]));
  });
}
