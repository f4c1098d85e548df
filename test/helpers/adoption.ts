// Small factories for adoption tests: accounts, subscription periods and daily usage rollups written with SQL.
import type { Queryable } from '../../src/store/types.ts';

export async function addAccount(
  db: Queryable,
  externalId: string,
  name: string,
  attrs: { industry?: string; segment?: string; icpFit?: boolean; ownerCsm?: string } = {},
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO accounts (external_id, name, industry, segment, icp_fit, owner_csm, source)
     VALUES ($1, $2, $3, $4, $5, $6, 'test') RETURNING id`,
    [externalId, name, attrs.industry ?? null, attrs.segment ?? null, attrs.icpFit ?? null, attrs.ownerCsm ?? null],
  );
  return row!.id;
}

export async function addPeriod(
  db: Queryable,
  accountId: number,
  p: { id: string; start: string; end?: string; mrrMinor: number; plan: string; quantity?: number },
): Promise<void> {
  await db.execute(
    `INSERT INTO subscription_periods
       (subscription_external_id, account_id, start_on, end_on, monthly_amount_minor, currency, plan, quantity, source)
     VALUES ($1, $2, $3, $4, $5, 'USD', $6, $7, 'test')`,
    [p.id, accountId, p.start, p.end ?? null, p.mrrMinor, p.plan, p.quantity ?? null],
  );
}

export interface UsageRow {
  accountId: number;
  day: string;
  user: string;
  feature: string;
  events?: number;
}

export async function addUsage(db: Queryable, rows: readonly UsageRow[]): Promise<void> {
  await db.execute(
    `INSERT INTO usage_daily (account_id, day, user_key, feature, events)
     SELECT x.account_id, x.day, x.user_key, x.feature, x.events
     FROM jsonb_to_recordset($1::jsonb) AS x(account_id bigint, day date, user_key text, feature text, events integer)`,
    [
      JSON.stringify(
        rows.map((r) => ({
          account_id: r.accountId,
          day: r.day,
          user_key: r.user,
          feature: r.feature,
          events: r.events ?? 1,
        })),
      ),
    ],
  );
}

/** Every day from `from` to `to` inclusive, as 'YYYY-MM-DD'. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}
