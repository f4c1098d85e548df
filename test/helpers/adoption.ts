// Small factories for adoption tests: accounts, subscription periods and daily usage rollups written with SQL.
import { importFeatures } from '../../src/services/features.ts';
import type { Queryable, Store } from '../../src/store/types.ts';
import { testContext } from './store.ts';

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

export const AS_OF = '2026-03-31';
// Window: the 30 days 2026-03-02 … 2026-03-31. Basic includes 3 features, Pro all 6.
export const CATALOG = [
  'key,name,module,event,plans,milestone_days',
  'report_created,Report created,reports,Report Created,,30',
  'report_exported,Report exported,reports,Report Exported,,',
  'dashboard_shared,Dashboard shared,reports,Dashboard Shared,Pro,90',
  'user_invited,User invited,admin,User Invited,,30',
  'sso_configured,SSO configured,admin,SSO Configured,Pro,',
  'audit_viewed,Audit viewed,admin,Audit Viewed,Pro,',
].join('\n');

/** Five accounts whose adoption is worked out by hand in test/adoption.test.ts. */
export async function fixture(store: Store) {
  const ctx = testContext(store);
  await importFeatures({ ctx, input: { text: CATALOG, name: 'features.csv' } });
  const a = await addAccount(store, 'A', 'Acme', { industry: 'retail' });
  const b = await addAccount(store, 'B', 'Birch', { industry: 'fintech' });
  const c = await addAccount(store, 'C', 'Cedar', { industry: 'retail' });
  const d = await addAccount(store, 'D', 'Dune', { industry: 'retail' });
  const e = await addAccount(store, 'E', 'Elm', { industry: 'fintech' });
  await addPeriod(store, a, { id: 'sa', start: '2026-01-01', mrrMinor: 10000, plan: 'Basic', quantity: 4 });
  await addPeriod(store, b, { id: 'sb', start: '2025-01-01', mrrMinor: 20000, plan: 'Pro', quantity: 10 });
  await addPeriod(store, c, { id: 'sc', start: '2025-01-01', end: '2026-01-01', mrrMinor: 5000, plan: 'Basic' });
  await addPeriod(store, d, { id: 'sd', start: '2026-03-15', mrrMinor: 3000, plan: 'Basic' });
  await addPeriod(store, e, { id: 'se', start: '2025-01-01', mrrMinor: 30000, plan: 'Pro', quantity: 1 });
  const rows: UsageRow[] = [
    // A: u1 every day of the window on report_created, and SSO (outside Basic) on the last day; u2 exports twice;
    // u3 invited someone on 01-05 (first value) and created a report on 02-01 (after the 30-day milestone).
    ...daysBetween('2026-03-02', '2026-03-31').map((day) => ({
      accountId: a,
      day,
      user: 'u1',
      feature: 'report_created',
    })),
    { accountId: a, day: '2026-03-31', user: 'u1', feature: 'sso_configured' },
    { accountId: a, day: '2026-03-10', user: 'u2', feature: 'report_exported', events: 2 },
    { accountId: a, day: '2026-03-20', user: 'u2', feature: 'report_exported', events: 2 },
    { accountId: a, day: '2026-01-05', user: 'u3', feature: 'user_invited' },
    { accountId: a, day: '2026-02-01', user: 'u3', feature: 'report_created' },
    // B: five users shared dashboards on 02-10; only v1 came back (03-31): active users 5 → 1.
    ...['v1', 'v2', 'v3', 'v4', 'v5'].map((user) => ({
      accountId: b,
      day: '2026-02-10',
      user,
      feature: 'dashboard_shared',
    })),
    { accountId: b, day: '2026-03-31', user: 'v1', feature: 'report_created' },
    { accountId: b, day: '2026-03-31', user: 'v1', feature: 'event:Page Viewed', events: 7 },
    // E: one user used 3 of Pro's 6 features on 2025-03-20 (high adoption at the retention window's start).
    ...['report_created', 'report_exported', 'user_invited'].map((feature) => ({
      accountId: e,
      day: '2025-03-20',
      user: 'e1',
      feature,
    })),
  ];
  await addUsage(store, rows);
  return { ctx, a, b, c, d, e };
}
