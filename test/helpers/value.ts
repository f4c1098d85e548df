// A small world for value report tests: a catalog feature, accounts on one plan in one segment and size band with
// usage in Q3 2026, a handoff file with promised outcomes, a success plan's milestones, a value metric.
import type { Queryable } from '../../src/store/types.ts';

let seq = 0;

export async function addCustomer(
  db: Queryable,
  ext: string,
  o: { name?: string; segment?: string; sizeBand?: string; plan?: string; started?: string } = {},
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO accounts (external_id, name, segment, size_band, source) VALUES ($1, $2, $3, $4, 'test') RETURNING id`,
    [ext, o.name ?? `Customer ${ext}`, o.segment ?? 'Mid-market', o.sizeBand ?? '51-200'],
  );
  const id = row!.id;
  const plan = o.plan ?? 'Growth';
  await db.execute(
    `INSERT INTO plans (external_id, name, source) VALUES ($1, $1, 'test') ON CONFLICT (external_id) DO NOTHING`,
    [plan],
  );
  const [sub] = await db.query<{ id: number }>(
    `INSERT INTO subscriptions (external_id, account_id, status, currency, billing_interval, started_at, source)
     VALUES ($1, $2, 'active', 'USD', 'month', $3, 'test') RETURNING id`,
    [`sub-${ext}-${++seq}`, id, o.started ?? '2025-01-01T00:00:00Z'],
  );
  await db.execute(
    `INSERT INTO subscription_items (external_id, subscription_id, plan_id, unit_amount_minor, currency, billing_interval)
     SELECT $1, $2, p.id, 10000, 'USD', 'month' FROM plans p WHERE p.external_id = $3`,
    [`item-${ext}-${seq}`, sub!.id, plan],
  );
  return id;
}

/** `users` people each using `feature` `events` times on `day`. */
export async function addDailyUsage(
  db: Queryable,
  accountId: number,
  day: string,
  users: number,
  feature: string,
  events = 1,
): Promise<void> {
  for (let u = 0; u < users; u++)
    await db.execute(
      `INSERT INTO usage_daily (account_id, day, user_key, feature, events) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id, day, user_key, feature) DO UPDATE SET events = usage_daily.events + EXCLUDED.events`,
      [accountId, day, `u${u}`, feature, events],
    );
}

export async function addCatalog(db: Queryable): Promise<void> {
  await db.execute(
    `INSERT INTO features (key, name, module, event) VALUES
       ('report_generated', 'Reports generated', 'reports', 'Report Generated'),
       ('dashboard_shared', 'Dashboard shared', 'dashboards', 'Dashboard Shared')`,
  );
}

export async function addHandoff(db: Queryable, accountId: number, stakeholders: unknown[] = []): Promise<void> {
  const outcomes = [
    { metric: 'Reports generated per week', baseline: 2, target: 10, due_date: '2026-12-31' },
    { metric: 'Days to close the books', baseline: 12, target: 5, due_date: '2026-09-30' },
  ];
  await db.execute(
    `INSERT INTO account_handoffs (account_id, outcomes, stakeholders, updated_by, updated_at)
     VALUES ($1, $2::jsonb, $3::jsonb, 'test', now())`,
    [accountId, JSON.stringify(outcomes), JSON.stringify(stakeholders)],
  );
}

export async function addMilestones(db: Queryable, accountId: number): Promise<void> {
  const [plan] = await db.query<{ id: number }>(
    `INSERT INTO success_plans (account_id, template_key, start_on, created_at) VALUES ($1, 'default', '2026-06-01', now())
     RETURNING id`,
    [accountId],
  );
  await db.execute(
    `INSERT INTO success_milestones (plan_id, key, title, due_day, due_on, completed_on, completed_by) VALUES
       ($1, 'day-30', 'First value', 30, '2026-07-01', '2026-07-10', 'signal'),
       ($1, 'day-90', 'Adopted', 90, '2026-08-30', NULL, NULL)`,
    [plan!.id],
  );
}
