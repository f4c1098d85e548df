// Success plans: built from a template (chosen by the account's tier, else its segment, else the default), with the
// handoff's promised outcomes as objectives and milestones due N days after the account's start. A milestone is
// completed by hand, or by `success-plans.evaluate` when its usage signal is reached (completed on the day it was
// reached, so "on time" or "late" is judged by the usage itself, not by when the job ran).
import { addDays } from './days.ts';
import { audit } from '../audit.ts';
import { db, nowOf, withTransaction, type ServiceContext, type TxContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { child, fail, object, onlyKeys, text, whole, type At } from '../playbooks/fields.ts';
import { NotFoundError } from '../playbooks/tasks.ts';
import { todayUtc } from '../revenue.ts';
import { accountTiers } from '../tiers.ts';
import { emitEvent } from '../webhooks/events.ts';
import type { Outcome } from './handoff.ts';

export const EVALUATE_PLANS_JOB = 'success-plans.evaluate';

/** What completes a milestone by itself; null: only by hand. */
export type MilestoneSignal =
  { feature: string } | { milestone_features: 30 | 90 } | { active_users: number } | { features_used: number } | null;

export interface TemplateMilestone {
  key: string;
  title: string;
  due_day: number;
  signal: MilestoneSignal;
}

export type MilestoneStatus = 'done_on_time' | 'done_late' | 'late' | 'due';

export interface Milestone {
  key: string;
  title: string;
  dueDay: number;
  dueOn: string;
  signal: MilestoneSignal;
  completedOn: string | null;
  completedBy: 'hand' | 'signal' | null;
  status: MilestoneStatus;
}

export interface SuccessPlan {
  accountId: number;
  accountExternalId: string;
  template: string;
  startOn: string;
  objectives: Outcome[];
  milestones: Milestone[];
  done: number;
  total: number;
}

export interface PortfolioRow {
  accountId: number;
  accountExternalId: string;
  name: string;
  owner: string | null;
  milestone: string;
  title: string;
  dueDay: number;
  dueOn: string;
  status: MilestoneStatus;
  completedOn: string | null;
  daysLate: number;
}

const dayOf = (value: Date | string): string =>
  typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
const dayText = (value: Date | string | null): string | null => (value === null ? null : dayOf(value));

/** The plan just written (read back in the same call): always there. */
async function planOf(ctx: ServiceContext, accountId: number): Promise<SuccessPlan> {
  const plan = await getSuccessPlan({ ctx, accountId });
  if (!plan) throw new NotFoundError(`no success plan for account ${accountId}`);
  return plan;
}

export function milestoneStatus(dueOn: string, completedOn: string | null, today: string): MilestoneStatus {
  if (completedOn !== null) return completedOn <= dueOn ? 'done_on_time' : 'done_late';
  return today > dueOn ? 'late' : 'due';
}

async function accountRow(ctx: ServiceContext, id: number) {
  const [row] = await db(ctx).query<{
    id: number | string;
    external_id: string;
    segment: string | null;
    first_seen_on: Date | string | null;
    created_at: Date | string;
  }>(`SELECT id, external_id, segment, first_seen_on, created_at FROM accounts WHERE id = $1`, [id]);
  if (!row) throw new NotFoundError(`no account with id ${id}`);
  return row;
}

async function templates(ctx: ServiceContext) {
  return db(ctx).query<{
    key: string;
    name: string;
    tier: string | null;
    segment: string | null;
    milestones: TemplateMilestone[];
  }>(`SELECT key, name, tier, segment, milestones FROM success_plan_templates ORDER BY key`);
}

export async function listTemplates(ctx: ServiceContext) {
  return (await templates(ctx)).map((t) => ({ ...t }));
}

/**
 * Makes an account's success plan (replacing none: an account has one plan). The template is `template`, else the
 * one for its tier, else for its segment, else `default`; the start is `startOn`, else the account's first day.
 */
export async function createSuccessPlan({
  ctx,
  accountId,
  template,
  startOn,
  tier,
}: {
  ctx: ServiceContext;
  accountId: number;
  template?: string | undefined;
  startOn?: string | undefined;
  /** The account's tier when the caller knows it (saves looking it up). */
  tier?: string | null | undefined;
}): Promise<SuccessPlan> {
  const account = await accountRow(ctx, accountId);
  const all = await templates(ctx);
  let chosen = template === undefined ? undefined : all.find((t) => t.key === template);
  if (template !== undefined && !chosen) throw new UsageError(`There is no success plan template "${template}".`);
  if (!chosen) {
    const tierKey =
      tier !== undefined
        ? tier
        : all.some((t) => t.tier !== null)
          ? ((await accountTiers({ ctx, account: account.external_id }))[0]?.tier ?? null)
          : null;
    chosen =
      (tierKey !== null ? all.find((t) => t.tier === tierKey) : undefined) ??
      (account.segment !== null ? all.find((t) => t.segment === account.segment) : undefined) ??
      all.find((t) => t.key === 'default');
  }
  if (!chosen) throw new UsageError('There is no success plan template to build the plan from.');
  const start = startOn ?? dayText(account.first_seen_on) ?? dayOf(account.created_at);
  const [handoff] = await db(ctx).query<{ outcomes: Outcome[] }>(
    `SELECT outcomes FROM account_handoffs WHERE account_id = $1`,
    [accountId],
  );
  const picked = chosen;
  await withTransaction(ctx, async (t) => {
    const [exists] = await t.tx.query(`SELECT 1 FROM success_plans WHERE account_id = $1`, [accountId]);
    if (exists) throw new UsageError(`Account ${account.external_id} already has a success plan.`);
    const [plan] = await t.tx.query<{ id: number | string }>(
      `INSERT INTO success_plans (account_id, template_key, start_on, objectives, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id`,
      [accountId, picked.key, start, JSON.stringify(handoff?.outcomes ?? []), nowOf(t)],
    );
    for (const m of picked.milestones) {
      await t.tx.execute(
        `INSERT INTO success_milestones (plan_id, key, title, due_day, due_on, signal)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
        [
          plan?.id,
          m.key,
          m.title,
          m.due_day,
          addDays(start, m.due_day),
          m.signal === null ? null : JSON.stringify(m.signal),
        ],
      );
    }
    await audit(t.tx, t, 'success-plan.create', `account:${account.external_id}`, { template: picked.key });
  });
  return planOf(ctx, accountId);
}

export async function getSuccessPlan({
  ctx,
  accountId,
}: {
  ctx: ServiceContext;
  accountId: number;
}): Promise<SuccessPlan | null> {
  const account = await accountRow(ctx, accountId);
  const [plan] = await db(ctx).query<{
    id: number;
    template_key: string;
    start_on: Date | string;
    objectives: Outcome[];
  }>(`SELECT id, template_key, start_on, objectives FROM success_plans WHERE account_id = $1`, [accountId]);
  if (!plan) return null;
  const today = todayUtc(nowOf(ctx));
  const rows = await db(ctx).query<{
    key: string;
    title: string;
    due_day: number;
    due_on: Date | string;
    signal: MilestoneSignal;
    completed_on: Date | string | null;
    completed_by: 'hand' | 'signal' | null;
  }>(
    `SELECT key, title, due_day, due_on, signal, completed_on, completed_by FROM success_milestones
      WHERE plan_id = $1 ORDER BY due_day, key`,
    [plan.id],
  );
  const milestones = rows.map((r) => {
    const dueOn = dayOf(r.due_on);
    const completedOn = dayText(r.completed_on);
    return {
      key: r.key,
      title: r.title,
      dueDay: r.due_day,
      dueOn,
      signal: r.signal,
      completedOn,
      completedBy: r.completed_by,
      status: milestoneStatus(dueOn, completedOn, today),
    };
  });
  return {
    accountId: Number(account.id),
    accountExternalId: account.external_id,
    template: plan.template_key,
    startOn: dayOf(plan.start_on),
    objectives: plan.objectives,
    milestones,
    done: milestones.filter((m) => m.completedOn !== null).length,
    total: milestones.length,
  };
}

/** Completes (or reopens) a milestone by hand; completed today. */
export async function setMilestoneDone({
  ctx,
  accountId,
  key,
  done,
}: {
  ctx: ServiceContext;
  accountId: number;
  key: string;
  done: boolean;
}): Promise<SuccessPlan> {
  const account = await accountRow(ctx, accountId);
  await withTransaction(ctx, async (t) => {
    const changed = await t.tx.query(
      `UPDATE success_milestones m SET completed_on = $3, completed_by = $4
         FROM success_plans p WHERE p.id = m.plan_id AND p.account_id = $1 AND m.key = $2 RETURNING m.id`,
      [accountId, key, done ? todayUtc(nowOf(t)) : null, done ? 'hand' : null],
    );
    if (changed.length === 0)
      throw new NotFoundError(`no milestone "${key}" in the success plan of account ${accountId}`);
    await audit(t.tx, t, done ? 'milestone.complete' : 'milestone.reopen', `account:${account.external_id}`, { key });
  });
  return planOf(ctx, accountId);
}

/**
 * The first day a milestone's signal was reached, from the daily usage rollup (`usage_daily`) since the plan's
 * start; null while not reached.
 */
async function signalReachedOn(
  q: TxContext['tx'],
  accountId: number,
  startOn: string,
  signal: NonNullable<MilestoneSignal>,
  today: string,
): Promise<string | null> {
  if ('feature' in signal) {
    const [row] = await q.query<{ day: Date | string | null }>(
      `SELECT min(day) AS day FROM usage_daily WHERE account_id = $1 AND feature = $2 AND day >= $3`,
      [accountId, signal.feature, startOn],
    );
    return dayText(row?.day ?? null);
  }
  if ('milestone_features' in signal) {
    // Every catalog feature marked as an N-day milestone used at least once: reached on the last one's first day.
    const rows = await q.query<{ key: string; first: Date | string | null }>(
      `SELECT f.key, (SELECT min(day) FROM usage_daily u WHERE u.account_id = $1 AND u.feature = f.key AND u.day >= $3)
              AS first
         FROM features f WHERE f.milestone_days = $2`,
      [accountId, signal.milestone_features, startOn],
    );
    if (rows.length === 0 || rows.some((r) => r.first === null)) return null;
    return (
      rows
        .map((r) => (r.first === null ? '' : dayOf(r.first)))
        .sort()
        .at(-1) ?? null
    );
  }
  if ('features_used' in signal) {
    // An adoption level: N distinct catalog features used; reached on the Nth one's first day.
    const rows = await q.query<{ first: Date | string }>(
      `SELECT min(u.day) AS first FROM usage_daily u JOIN features f ON f.key = u.feature
        WHERE u.account_id = $1 AND u.day >= $2 GROUP BY u.feature ORDER BY first`,
      [accountId, startOn],
    );
    const nth = rows[signal.features_used - 1];
    return nth ? dayText(nth.first) : null;
  }
  // N distinct active users within the 30 days up to any day: reached on the first day the window held N.
  const rows = await q.query<{ day: Date | string; users: number | string }>(
    `SELECT d.day, (SELECT count(DISTINCT u.user_key) FROM usage_daily u
                     WHERE u.account_id = $1 AND u.day > d.day - 30 AND u.day <= d.day) AS users
       FROM (SELECT DISTINCT day FROM usage_daily WHERE account_id = $1 AND day >= $2 AND day <= $3) d
      ORDER BY d.day`,
    [accountId, startOn, today],
  );
  const hit = rows.find((r) => Number(r.users) >= signal.active_users);
  return hit ? dayText(hit.day) : null;
}

/**
 * The job's work: makes a plan for each account with a handoff file and no plan, completes open milestones whose
 * signal was reached, and sends `milestone.missed` once for each milestone past its due day still open.
 */
export async function evaluateSuccessPlans({ ctx }: { ctx: ServiceContext }) {
  const today = todayUtc(nowOf(ctx));
  const without = await db(ctx).query<{ account_id: number | string }>(
    `SELECT h.account_id FROM account_handoffs h
      WHERE NOT EXISTS (SELECT 1 FROM success_plans p WHERE p.account_id = h.account_id) ORDER BY h.account_id`,
  );
  let created = 0;
  if (without.length > 0) {
    const tierTemplates = (await templates(ctx)).some((t) => t.tier !== null);
    const tiers = tierTemplates ? new Map((await accountTiers({ ctx })).map((r) => [r.accountKey, r.tier])) : null;
    for (const { account_id } of without) {
      const id = Number(account_id);
      await createSuccessPlan({ ctx, accountId: id, tier: tiers ? (tiers.get(id) ?? null) : null });
      created += 1;
    }
  }
  return withTransaction(ctx, async (t) => {
    const open = await t.tx.query<{
      id: number;
      account_id: number | string;
      external_id: string;
      name: string;
      key: string;
      title: string;
      due_day: number;
      due_on: Date | string;
      start_on: Date | string;
      signal: MilestoneSignal;
      missed_at: Date | string | null;
    }>(
      `SELECT m.id, p.account_id, a.external_id, a.name, m.key, m.title, m.due_day, m.due_on, p.start_on, m.signal,
              m.missed_at
         FROM success_milestones m JOIN success_plans p ON p.id = m.plan_id JOIN accounts a ON a.id = p.account_id
        WHERE m.completed_on IS NULL ORDER BY m.id`,
    );
    let completed = 0;
    let missed = 0;
    for (const m of open) {
      const dueOn = dayOf(m.due_on);
      if (m.signal !== null) {
        const reached = await signalReachedOn(t.tx, Number(m.account_id), dayOf(m.start_on), m.signal, today);
        if (reached !== null) {
          await t.tx.execute(`UPDATE success_milestones SET completed_on = $2, completed_by = 'signal' WHERE id = $1`, [
            m.id,
            reached,
          ]);
          completed += 1;
          continue;
        }
      }
      if (today > dueOn && m.missed_at === null) {
        await t.tx.execute(`UPDATE success_milestones SET missed_at = $2 WHERE id = $1`, [m.id, nowOf(t)]);
        await emitEvent(
          t,
          'milestone.missed',
          {
            account_id: m.external_id,
            account_name: m.name,
            milestone: m.key,
            title: m.title,
            due_day: m.due_day,
            due_on: dueOn,
          },
          { tx: t.tx },
        );
        missed += 1;
      }
    }
    if (created + completed + missed > 0)
      await audit(t.tx, t, 'success-plans.evaluate', null, { created, completed, missed });
    return { created, completed, missed };
  });
}

/** Milestones across accounts, e.g. `{ status: 'late', day: 30 }`: accounts whose 30-day milestones are late. */
export async function successPortfolio({
  ctx,
  status,
  day,
  owner,
}: {
  ctx: ServiceContext;
  status?: 'late' | 'due' | 'done' | undefined;
  day?: number | undefined;
  owner?: string | undefined;
}): Promise<PortfolioRow[]> {
  const today = todayUtc(nowOf(ctx));
  const rows = await db(ctx).query<{
    account_id: number | string;
    external_id: string;
    name: string;
    owner_csm: string | null;
    key: string;
    title: string;
    due_day: number;
    due_on: Date | string;
    completed_on: Date | string | null;
  }>(
    `SELECT p.account_id, a.external_id, a.name, a.owner_csm, m.key, m.title, m.due_day, m.due_on, m.completed_on
       FROM success_milestones m JOIN success_plans p ON p.id = m.plan_id JOIN accounts a ON a.id = p.account_id
      WHERE ($1::int IS NULL OR m.due_day = $1) AND ($2::text IS NULL OR a.owner_csm = $2)
      ORDER BY m.due_on, a.external_id, m.key`,
    [day ?? null, owner ?? null],
  );
  return rows
    .map((r) => {
      const dueOn = dayOf(r.due_on);
      const completedOn = dayText(r.completed_on);
      const s = milestoneStatus(dueOn, completedOn, today);
      const end = completedOn ?? today;
      return {
        accountId: Number(r.account_id),
        accountExternalId: r.external_id,
        name: r.name,
        owner: r.owner_csm,
        milestone: r.key,
        title: r.title,
        dueDay: r.due_day,
        dueOn,
        status: s,
        completedOn,
        daysLate:
          s === 'late' || s === 'done_late' ? Math.round((Date.parse(end) - Date.parse(dueOn)) / 86_400_000) : 0,
      };
    })
    .filter((r) =>
      status === undefined
        ? true
        : status === 'done'
          ? r.status === 'done_on_time' || r.status === 'done_late'
          : r.status === status,
    );
}

function parseSignal(raw: unknown, at: At): MilestoneSignal {
  if (raw === undefined || raw === null) return null;
  const obj = object(raw, at);
  const keys = Object.keys(obj);
  if (keys.length !== 1) fail(at, 'one of {feature}, {milestone_features}, {features_used}, {active_users}', raw);
  if (obj.feature !== undefined) return { feature: text(obj, 'feature', at, { max: 100 }) };
  if (obj.milestone_features !== undefined) {
    if (obj.milestone_features !== 30 && obj.milestone_features !== 90)
      fail(child(at, 'milestone_features'), '30 or 90', obj.milestone_features);
    return { milestone_features: obj.milestone_features };
  }
  if (obj.features_used !== undefined) return { features_used: whole(obj, 'features_used', at, { min: 1, max: 1000 }) };
  if (obj.active_users !== undefined)
    return { active_users: whole(obj, 'active_users', at, { min: 1, max: 1_000_000 }) };
  return fail(child(at, keys[0] ?? ''), 'feature, milestone_features, features_used or active_users', raw);
}

/**
 * Replaces the success plan templates (plans already made keep their milestones). A JSON list:
 * `[{ "key", "name", "tier"?, "segment"?, "milestones": [{ "key", "title", "due_day", "signal"? }] }]`; one must be
 * `default`.
 */
export async function defineTemplates({ ctx, content, file }: { ctx: ServiceContext; content: string; file: string }) {
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch (error) {
    return fail({ file, path: '' }, `JSON (${error instanceof Error ? error.message : 'unreadable'})`, undefined);
  }
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 50)
    fail({ file, path: '' }, 'a list of 1 to 50 templates', raw);
  const seen = new Set<string>();
  const list = (raw as unknown[]).map((item, i) => {
    const at = { file, path: `[${i}]` };
    const obj = object(item, at);
    onlyKeys(obj, ['key', 'name', 'tier', 'segment', 'milestones'], at);
    const key = text(obj, 'key', at, { max: 60 });
    if (seen.has(key)) fail(child(at, 'key'), 'a key used once', key);
    seen.add(key);
    const optional = (k: string) => (obj[k] === undefined || obj[k] === null ? null : text(obj, k, at, { max: 100 }));
    const ms = obj.milestones;
    if (!Array.isArray(ms) || ms.length === 0 || ms.length > 30)
      fail(child(at, 'milestones'), 'a list of 1 to 30 milestones', ms);
    const mkeys = new Set<string>();
    const milestones = (ms as unknown[]).map((m, j): TemplateMilestone => {
      const mat = child(child(at, 'milestones'), j);
      const mo = object(m, mat);
      onlyKeys(mo, ['key', 'title', 'due_day', 'signal'], mat);
      const mkey = text(mo, 'key', mat, { max: 60 });
      if (mkeys.has(mkey)) fail(child(mat, 'key'), 'a key used once in the template', mkey);
      mkeys.add(mkey);
      return {
        key: mkey,
        title: text(mo, 'title', mat, { max: 200 }),
        due_day: whole(mo, 'due_day', mat, { min: 1, max: 3650 }),
        signal: parseSignal(mo.signal, child(mat, 'signal')),
      };
    });
    return {
      key,
      name: text(obj, 'name', at, { max: 200 }),
      tier: optional('tier'),
      segment: optional('segment'),
      milestones,
    };
  });
  if (!seen.has('default')) fail({ file, path: '' }, 'a template with key "default"', [...seen]);
  return withTransaction(ctx, async (t) => {
    await t.tx.execute(`DELETE FROM success_plan_templates`);
    for (const x of list) {
      await t.tx.execute(
        `INSERT INTO success_plan_templates (key, name, tier, segment, milestones, updated_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
        [x.key, x.name, x.tier, x.segment, JSON.stringify(x.milestones), nowOf(t)],
      );
    }
    await audit(t.tx, t, 'success-plans.templates', null, { file, templates: list.map((x) => x.key) });
    return list;
  });
}
