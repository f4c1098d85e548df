// Reads what a value report needs for one account and period: the handoff's promised outcomes, values recorded by
// hand, usage (daily rollups), success plan milestones, value metric definitions and similar customers' measures.
import { monthIndex, monthKey } from '../../core/period.ts';
import type {
  FeatureUsage,
  PeerMeasures,
  PromisedOutcome,
  ValueMetricDefinition,
  ValueReportInput,
} from '../../core/value/types.ts';
import { db, type ServiceContext } from '../context.ts';
import { NotFoundError } from '../playbooks/tasks.ts';

type AccountRow = {
  id: number;
  external_id: string;
  name: string;
  segment: string | null;
  size_band: string | null;
};

/** Each account's plan: the plan of its latest subscription started by `lastDay` (the dearest item's). */
const PLAN_SQL = `
  SELECT DISTINCT ON (s.account_id) s.account_id, p.name AS plan
    FROM subscriptions s JOIN subscription_items i ON i.subscription_id = s.id JOIN plans p ON p.id = i.plan_id
   WHERE s.started_at < ($1::date + 1)
   ORDER BY s.account_id, s.started_at DESC, i.unit_amount_minor DESC`;

export async function accountById(ctx: ServiceContext, accountId: number): Promise<AccountRow> {
  const [row] = await db(ctx).query<AccountRow>(
    `SELECT id, external_id, name, segment, size_band FROM accounts WHERE id = $1`,
    [accountId],
  );
  if (!row) throw new NotFoundError(`no account with id ${accountId}`);
  return row;
}

async function plans(ctx: ServiceContext, lastDay: string): Promise<Map<number, string>> {
  const rows = await db(ctx).query<{ account_id: number; plan: string }>(PLAN_SQL, [lastDay]);
  return new Map(rows.map((r) => [r.account_id, r.plan]));
}

/** Distinct active users per account in the first and last month of the period. */
async function activeUsers(ctx: ServiceContext, ids: number[], from: string, to: string, lastDay: string) {
  const rows = await db(ctx).query<{ account_id: number; month: string; users: number }>(
    `SELECT account_id, to_char(day, 'YYYY-MM') AS month, count(DISTINCT user_key) AS users
       FROM usage_daily WHERE account_id = ANY($1::bigint[]) AND day >= $2::date AND day <= $3::date
      GROUP BY 1, 2`,
    [ids, `${from}-01`, lastDay],
  );
  const byAccount = new Map<number, Map<string, number>>();
  for (const r of rows) {
    const m = byAccount.get(r.account_id) ?? new Map<string, number>();
    m.set(r.month, r.users);
    byAccount.set(r.account_id, m);
  }
  const months: string[] = [];
  for (let m = monthIndex(from); m <= monthIndex(to); m++) months.push(monthKey(m));
  return (id: number) => months.map((month) => ({ month, users: byAccount.get(id)?.get(month) ?? 0 }));
}

async function featureUsage(ctx: ServiceContext, ids: number[], firstDay: string, lastDay: string) {
  const rows = await db(ctx).query<{ account_id: number; feature: string; events: number; first: string }>(
    `SELECT account_id, feature, coalesce(sum(events) FILTER (WHERE day >= $2::date), 0) AS events, min(day) AS first
       FROM usage_daily WHERE account_id = ANY($1::bigint[]) AND day <= $3::date AND feature NOT LIKE 'event:%'
      GROUP BY 1, 2`,
    [ids, firstDay, lastDay],
  );
  const byAccount = new Map<number, FeatureUsage[]>();
  for (const r of rows) {
    const list = byAccount.get(r.account_id) ?? [];
    list.push({ key: r.feature, events: r.events, firstUsedOn: r.first });
    byAccount.set(r.account_id, list);
  }
  return (id: number) => byAccount.get(id) ?? [];
}

/** Other accounts with the same segment, size band and plan, subscribed during the period. */
async function peerIds(
  ctx: ServiceContext,
  account: AccountRow,
  plan: string | null,
  planOf: Map<number, string>,
  firstDay: string,
  lastDay: string,
) {
  const rows = await db(ctx).query<{ id: number }>(
    `SELECT a.id FROM accounts a
      WHERE a.id <> $1 AND a.segment IS NOT DISTINCT FROM $2 AND a.size_band IS NOT DISTINCT FROM $3
        AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.account_id = a.id AND s.started_at < ($5::date + 1)
                     AND (s.ended_at IS NULL OR s.ended_at >= $4::date))`,
    [account.id, account.segment, account.size_band, firstDay, lastDay],
  );
  return rows.map((r) => r.id).filter((id) => (planOf.get(id) ?? null) === plan);
}

function peerMeasures(users: { users: number }[], usage: FeatureUsage[]): PeerMeasures {
  const start = users[0]?.users ?? 0;
  const end = users.at(-1)?.users ?? 0;
  return {
    activeUsersEnd: end,
    featuresUsed: usage.filter((u) => u.events > 0).length,
    activeUserGrowthPct: start === 0 ? null : Math.round(((end - start) / start) * 1000) / 10,
  };
}

export async function valueMetricDefinitions(ctx: ServiceContext): Promise<ValueMetricDefinition[]> {
  const rows = await db(ctx).query<{ name: string; feature: string; multiplier: number; unit: string }>(
    `SELECT name, feature, multiplier, unit FROM value_metrics ORDER BY lower(name)`,
  );
  return rows.map((r) => ({ ...r, multiplier: r.multiplier }));
}

type Loaded = Omit<ValueReportInput, 'company' | 'minPeers'>;

/** The account's records for the period (days are UTC; `lastDay` is no later than `asOf`). */
export async function loadValueData(
  ctx: ServiceContext,
  q: { accountId: number; from: string; to: string; firstDay: string; lastDay: string; asOf: string },
): Promise<Loaded> {
  const account = await accountById(ctx, q.accountId);
  const planOf = await plans(ctx, q.lastDay);
  const plan = planOf.get(account.id) ?? null;
  const peers = await peerIds(ctx, account, plan, planOf, q.firstDay, q.lastDay);
  const ids = [account.id, ...peers];
  const usersOf = await activeUsers(ctx, ids, q.from, q.to, q.lastDay);
  const usageOf = await featureUsage(ctx, ids, q.firstDay, q.lastDay);
  const [handoff] = await db(ctx).query<{ outcomes: PromisedOutcome[] }>(
    `SELECT outcomes FROM account_handoffs WHERE account_id = $1`,
    [account.id],
  );
  const readings = await db(ctx).query<{ metric: string; value: number; recordedOn: string }>(
    `SELECT metric, value, recorded_on AS "recordedOn" FROM value_outcome_readings
      WHERE account_id = $1 AND recorded_on <= $2::date ORDER BY recorded_on, id`,
    [account.id, q.lastDay],
  );
  const milestones = await db(ctx).query<{ title: string; dueOn: string; completedOn: string | null }>(
    `SELECT m.title, m.due_on AS "dueOn", m.completed_on AS "completedOn"
       FROM success_milestones m JOIN success_plans p ON p.id = m.plan_id WHERE p.account_id = $1 ORDER BY m.due_on`,
    [account.id],
  );
  const catalog = await db(ctx).query<{ key: string; name: string }>(`SELECT key, name FROM features ORDER BY key`);
  return {
    asOf: q.asOf,
    period: { from: q.from, to: q.to },
    account: {
      externalId: account.external_id,
      name: account.name,
      segment: account.segment,
      sizeBand: account.size_band,
      plan,
    },
    outcomes: handoff?.outcomes ?? [],
    readings: readings.map((r) => ({ ...r, value: r.value })),
    activeUsersByMonth: usersOf(account.id),
    catalog,
    featureUsage: usageOf(account.id),
    milestones,
    valueMetrics: await valueMetricDefinitions(ctx),
    peers: peers.map((id) => peerMeasures(usersOf(id), usageOf(id))),
  };
}
