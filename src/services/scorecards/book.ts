// The facts the scorecard's book measures need (src/core/scorecards/measures.ts), read once per report, and each
// owner's book for the drill-down. Reads only.
import { dayOf, formatDay, monthOfDay, parseDay } from '../../core/period.ts';
import type { AccountTierFacts, BookInput, HealthBand, TaskFact } from '../../core/scorecards/measures.ts';
import { mrrIn, ownerAt, type ScorecardWindow } from '../../core/scorecards/scorecard.ts';
import { tierOf } from '../../core/tiers/tiers.ts';
import { db, type ServiceContext } from '../context.ts';
import { renewalStatuses } from '../renewals/report.ts';
import { currentLedger } from '../revenue.ts';
import { listTiers } from '../tiers.ts';
import { ownershipStretches } from './scorecards.ts';

/** How old a health score may be on a period's end day and still give the account its band then. */
export const HEALTH_STALE_DAYS = 31;

const day = (v: Date | string) => dayOf(new Date(v));

async function tierFacts(ctx: ServiceContext): Promise<Map<number, AccountTierFacts>> {
  const rows = await db(ctx).query<{
    id: number | string;
    segment: string | null;
    icp_fit: boolean | null;
    tier_key: string | null;
    expires_on: Date | string | null;
    created_at: Date | string | null;
  }>(
    `SELECT a.id, a.segment, a.icp_fit, o.tier_key, o.expires_on, o.created_at
       FROM accounts a LEFT JOIN account_tier_overrides o ON o.account_id = a.id`,
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        segment: r.segment,
        icpFit: r.icp_fit,
        override:
          r.tier_key && r.expires_on && r.created_at
            ? { tierKey: r.tier_key, fromDay: day(r.created_at), expiresOn: formatDay(day(r.expires_on)) }
            : null,
      },
    ]),
  );
}

/** Each account's band on `endDay`: its latest score on or before it, at most HEALTH_STALE_DAYS old. */
async function bandsOn(ctx: ServiceContext, endDay: number): Promise<Map<number, HealthBand>> {
  const rows = await db(ctx).query<{ account_id: number | string; band: HealthBand | null }>(
    `SELECT DISTINCT ON (account_id) account_id, band FROM health_scores
      WHERE day <= $1::date AND day > $1::date - $2::int ORDER BY account_id, day DESC`,
    [formatDay(endDay), HEALTH_STALE_DAYS],
  );
  const out = new Map<number, HealthBand>();
  for (const r of rows) if (r.band) out.set(Number(r.account_id), r.band);
  return out;
}

async function taskFacts(ctx: ServiceContext): Promise<TaskFact[]> {
  const rows = await db(ctx).query<{
    email: string | null;
    status: string;
    created_at: Date | string;
    due_on: Date | string | null;
    finished_at: Date | string | null;
    updated_at: Date | string;
  }>(
    `SELECT lower(u.email) AS email, t.status, t.created_at, t.due_on, t.finished_at, t.updated_at
       FROM tasks t LEFT JOIN users u ON u.id = t.assignee_user_id`,
  );
  return rows.map((r) => {
    const finished = r.status === 'done' || r.status === 'cancelled' || r.status === 'closed_auto';
    return {
      assignee: r.email ?? '',
      createdDay: day(r.created_at),
      dueDay: r.due_on === null ? null : day(r.due_on),
      finishedDay: finished ? day(r.finished_at ?? r.updated_at) : null,
      done: r.status === 'done',
    };
  });
}

/** Everything the book measures read, for the windows of one report as of `asOf`. */
export async function bookInput(
  ctx: ServiceContext,
  asOf: string,
  windows: readonly ScorecardWindow[],
): Promise<BookInput> {
  const asOfDay = parseDay(asOf);
  const healthAt = new Map<string, Map<number, HealthBand>>();
  for (const w of windows) healthAt.set(w.label, await bandsOn(ctx, w.endDay));
  const answers = await db(ctx).query<{ account_id: number | string; responded_at: Date | string; score: number }>(
    `SELECT account_id, responded_at, score FROM survey_responses
      WHERE kind = 'nps' AND NOT dismissed AND score IS NOT NULL AND responded_at < $1::date + 1`,
    [asOf],
  );
  const renewals = await renewalStatuses({ ctx, asOf });
  return {
    tiers: await listTiers(ctx),
    accounts: await tierFacts(ctx),
    renewals: renewals
      .filter((r) => parseDay(r.dueDate) <= asOfDay)
      .map((r) => ({ ...r, dueDay: parseDay(r.dueDate) })),
    healthAt,
    answers: answers.map((a) => ({ accountId: Number(a.account_id), day: day(a.responded_at), score: a.score })),
    tasks: (await taskFacts(ctx)).filter((t) => t.createdDay <= asOfDay),
  };
}

/** Each user's team: their manager's email (lower case); owners not in the map are in the '' team. */
export async function teamMap(ctx: ServiceContext): Promise<Map<string, string>> {
  const rows = await db(ctx).query<{ email: string; manager: string | null }>(
    `SELECT lower(u.email) AS email, lower(m.email) AS manager FROM users u LEFT JOIN users m ON m.id = u.manager_user_id`,
  );
  return new Map(rows.map((r) => [r.email, r.manager ?? '']));
}

export interface BookAccount {
  accountId: number;
  externalId: string;
  name: string;
  arrMinor: number;
  tier: string | null;
  band: HealthBand | null;
  /** The next contract end after the as-of day; null without one. */
  nextRenewalOn: string | null;
}

/** The owner's book on `asOf` ('' for the accounts without an owner): paying accounts, largest ARR first. */
export async function ownerBook(ctx: ServiceContext, owner: string, asOf: string): Promise<BookAccount[]> {
  const asOfDay = parseDay(asOf);
  const ledger = await currentLedger({ ctx, asOf });
  const month = Math.min(monthOfDay(asOfDay), ledger.lastMonth);
  const ownership = await ownershipStretches(ctx);
  const [tiers, facts, bands] = [await listTiers(ctx), await tierFacts(ctx), await bandsOn(ctx, asOfDay)];
  const names = await db(ctx).query<{ id: number | string; external_id: string; name: string; next: string | null }>(
    `SELECT a.id, a.external_id, a.name,
            (SELECT to_char(min(c.end_on), 'YYYY-MM-DD') FROM contracts c
              WHERE c.account_id = a.id AND c.end_on > $1::date) AS next
       FROM accounts a`,
    [asOf],
  );
  const byId = new Map(names.map((n) => [Number(n.id), n]));
  const out: BookAccount[] = [];
  for (const c of ledger.customers) {
    const id = Number(c.accountId);
    const mrr = mrrIn(c, month);
    const account = byId.get(id);
    if (mrr <= 0 || !account || ownerAt(ownership.get(id), asOfDay).toLowerCase() !== owner.toLowerCase()) continue;
    const f = facts.get(id);
    const o = f?.override;
    const plan = c.history.find((s) => s.startMonth <= month && month < s.endMonth)?.plan ?? null;
    const override = o && o.fromDay <= asOfDay ? { tierKey: o.tierKey, expiresOn: o.expiresOn } : null;
    const { tier } = tierOf(
      tiers,
      { arrMinor: mrr * 12, plan, segment: f?.segment ?? null, icpFit: f?.icpFit ?? null },
      override,
      asOf,
    );
    const base = { accountId: id, externalId: account.external_id, name: account.name, arrMinor: mrr * 12 };
    out.push({ ...base, tier, band: bands.get(id) ?? null, nextRenewalOn: account.next });
  }
  return out.sort((a, b) => b.arrMinor - a.arrMinor || a.externalId.localeCompare(b.externalId));
}
