// Tiers: definitions (JSON, replaced as a whole), each customer's tier (an unexpired override, else the first
// tier by rank whose rules it meets), overrides that always carry an expiry day, and coverage per CSM.
import { mrrInMonth } from '../core/adoption/segments.ts';
import { monthOfDay, parseDay } from '../core/period.ts';
import { tierOf, type TierDefinition, type TierRules, type TierSource } from '../core/tiers/tiers.ts';
import { audit } from './audit.ts';
import { db, nowOf, withTransaction, type ServiceContext } from './context.ts';
import { UsageError } from './errors.ts';
import { child, fail, object, onlyKeys, text, whole, type At, type Json } from './playbooks/fields.ts';
import { NotFoundError } from './playbooks/tasks.ts';
import { currentLedger, todayUtc } from './revenue.ts';

export interface AccountTier {
  accountKey: number;
  accountId: string;
  name: string;
  owner: string | null;
  arrMinor: number;
  plan: string | null;
  segment: string | null;
  tier: string | null;
  tierName: string | null;
  source: TierSource;
  overrideExpiresOn: string | null;
  overrideReason: string | null;
}

const MAX_MINOR = 1e15;

function textList(obj: Json, key: string, at: At): string[] | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
    fail(child(at, key), 'a non-empty list of texts', value);
  }
  return (value as string[]).map((v) => v.trim());
}

function parseRules(raw: unknown, at: At): TierRules {
  const obj = object(raw ?? {}, at);
  onlyKeys(obj, ['min_arr_minor', 'max_arr_minor', 'plans', 'segments', 'icp_fit'], at);
  const rules: TierRules = {};
  if (obj.min_arr_minor !== undefined)
    rules.min_arr_minor = whole(obj, 'min_arr_minor', at, { min: 0, max: MAX_MINOR });
  if (obj.max_arr_minor !== undefined)
    rules.max_arr_minor = whole(obj, 'max_arr_minor', at, { min: 1, max: MAX_MINOR });
  const plans = textList(obj, 'plans', at);
  if (plans) rules.plans = plans;
  const segments = textList(obj, 'segments', at);
  if (segments) rules.segments = segments;
  if (obj.icp_fit !== undefined) {
    if (typeof obj.icp_fit !== 'boolean') fail(child(at, 'icp_fit'), 'true or false', obj.icp_fit);
    rules.icp_fit = obj.icp_fit;
  }
  return rules;
}

/** A JSON list of tiers, first (rank 1) to last: `[{ "key", "name", "rules", "target_accounts_per_csm", … }]`. */
export function parseTiers(content: string, file: string): TierDefinition[] {
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch (error) {
    return fail({ file, path: '' }, `JSON (${error instanceof Error ? error.message : 'unreadable'})`, undefined);
  }
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 20)
    fail({ file, path: '' }, 'a list of 1 to 20 tiers', raw);
  const keys = new Set<string>();
  return raw.map((item: unknown, i) => {
    const at = { file, path: `[${i}]` };
    const obj = object(item, at);
    onlyKeys(obj, ['key', 'name', 'rules', 'target_accounts_per_csm', 'target_arr_per_csm_minor'], at);
    const key = text(obj, 'key', at, { max: 40 });
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(key)) fail(child(at, 'key'), 'lower-case letters, digits, - and _', key);
    if (keys.has(key)) fail(child(at, 'key'), 'a key used once', key);
    keys.add(key);
    const target = (k: string, max: number) =>
      obj[k] === undefined || obj[k] === null ? null : whole(obj, k, at, { min: 1, max });
    return {
      key,
      name: text(obj, 'name', at, { max: 80 }),
      rank: i + 1,
      rules: parseRules(obj.rules, child(at, 'rules')),
      targetAccountsPerCsm: target('target_accounts_per_csm', 100_000),
      targetArrPerCsmMinor: target('target_arr_per_csm_minor', MAX_MINOR),
    };
  });
}

export async function listTiers(ctx: ServiceContext): Promise<TierDefinition[]> {
  const rows = await db(ctx).query<{
    key: string;
    name: string;
    rank: number;
    rules: TierRules;
    target_accounts_per_csm: number | null;
    target_arr_per_csm_minor: number | null;
  }>(`SELECT key, name, rank, rules, target_accounts_per_csm, target_arr_per_csm_minor FROM tiers ORDER BY rank`);
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    rank: r.rank,
    rules: r.rules,
    targetAccountsPerCsm: r.target_accounts_per_csm,
    targetArrPerCsmMinor: r.target_arr_per_csm_minor,
  }));
}

/** Replaces every tier with the file's (overrides naming a tier that is gone go with it). */
export async function defineTiers({ ctx, content, file }: { ctx: ServiceContext; content: string; file: string }) {
  const tiers = parseTiers(content, file);
  return withTransaction(ctx, async (t) => {
    await t.tx.execute(`DELETE FROM tiers WHERE key NOT IN (SELECT jsonb_array_elements_text($1::jsonb))`, [
      JSON.stringify(tiers.map((x) => x.key)),
    ]);
    await t.tx.execute(`UPDATE tiers SET rank = -rank`);
    for (const x of tiers) {
      await t.tx.execute(
        `INSERT INTO tiers (key, name, rank, rules, target_accounts_per_csm, target_arr_per_csm_minor, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)
         ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, rank = EXCLUDED.rank, rules = EXCLUDED.rules,
           target_accounts_per_csm = EXCLUDED.target_accounts_per_csm,
           target_arr_per_csm_minor = EXCLUDED.target_arr_per_csm_minor, updated_at = EXCLUDED.updated_at`,
        [x.key, x.name, x.rank, JSON.stringify(x.rules), x.targetAccountsPerCsm, x.targetArrPerCsmMinor, nowOf(t)],
      );
    }
    await audit(t.tx, t, 'tiers.define', null, { file, tiers: tiers.map((x) => x.key) });
    return tiers;
  });
}

/** Every paying customer's tier today (or only `account`, by external id, or only the ids in `accountKeys`). */
export async function accountTiers({
  ctx,
  tier,
  owner,
  account,
  accountKeys,
}: {
  ctx: ServiceContext;
  tier?: string | undefined;
  owner?: string | undefined;
  account?: string | undefined;
  accountKeys?: readonly number[] | undefined;
}): Promise<AccountTier[]> {
  const today = todayUtc(nowOf(ctx));
  const month = monthOfDay(parseDay(today));
  const tiers = await listTiers(ctx);
  // A tier that is not defined filters to nothing: say so rather than answer an empty list.
  if (tier !== undefined && tier !== '' && !tiers.some((t) => t.key === tier))
    throw new UsageError(
      `tier must be one of ${tiers.map((t) => t.key).join(', ') || '(no tiers defined)'}, found "${tier}"`,
    );
  const ledger = await currentLedger({ ctx, asOf: today });
  const rows = await db(ctx).query<{
    id: number;
    external_id: string;
    name: string;
    owner_csm: string | null;
    segment: string | null;
    icp_fit: boolean | null;
    tier_key: string | null;
    expires_on: string | null;
    reason: string | null;
  }>(
    `SELECT a.id, a.external_id, a.name, a.owner_csm, a.segment, a.icp_fit, o.tier_key, o.expires_on, o.reason
       FROM accounts a LEFT JOIN account_tier_overrides o ON o.account_id = a.id
      WHERE $1::bigint[] IS NULL OR a.id = ANY($1::bigint[])`,
    [accountKeys ? [...accountKeys] : null],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: AccountTier[] = [];
  for (const customer of ledger.customers) {
    const mrr = mrrInMonth(customer, month);
    const row = byId.get(Number(customer.accountId));
    if (mrr <= 0 || !row) continue;
    const span = customer.history.find((s) => s.startMonth <= month && month < s.endMonth);
    const facts = {
      arrMinor: Math.round(mrr * 12),
      plan: span?.plan ?? null,
      segment: row.segment,
      icpFit: row.icp_fit,
    };
    const override = row.tier_key && row.expires_on ? { tierKey: row.tier_key, expiresOn: row.expires_on } : null;
    const found = tierOf(tiers, facts, override, today);
    out.push({
      accountKey: row.id,
      accountId: row.external_id,
      name: row.name,
      owner: row.owner_csm,
      arrMinor: facts.arrMinor,
      plan: facts.plan,
      segment: row.segment,
      tier: found.tier,
      tierName: tiers.find((x) => x.key === found.tier)?.name ?? null,
      source: found.source,
      overrideExpiresOn: row.expires_on,
      overrideReason: row.reason,
    });
  }
  return out
    .filter((r) => (tier === undefined || r.tier === tier) && (owner === undefined || r.owner === owner))
    .filter((r) => account === undefined || r.accountId === account)
    .sort((a, b) => b.arrMinor - a.arrMinor || a.accountId.localeCompare(b.accountId));
}

/** Sets an account's tier by hand until `expiresOn` (inclusive); every override expires. */
export async function setTierOverride({
  ctx,
  account,
  tier,
  expiresOn,
  reason,
}: {
  ctx: ServiceContext;
  account: string;
  tier: string;
  expiresOn: string;
  reason?: string | undefined;
}) {
  const today = todayUtc(nowOf(ctx));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(expiresOn) || Number.isNaN(Date.parse(expiresOn))) {
    throw new UsageError(`the expiry must be a day YYYY-MM-DD, found "${expiresOn}"`);
  }
  if (expiresOn < today) throw new UsageError(`the expiry ${expiresOn} is in the past (today is ${today})`);
  return withTransaction(ctx, async (t) => {
    const [row] = await t.tx.query<{ id: number }>(`SELECT id FROM accounts WHERE external_id = $1`, [account]);
    if (!row) throw new NotFoundError(`no account with id "${account}"`);
    const [known] = await t.tx.query(`SELECT 1 FROM tiers WHERE key = $1`, [tier]);
    if (!known) throw new UsageError(`no tier "${tier}" (tenure tiers list shows them)`);
    await t.tx.execute(
      `INSERT INTO account_tier_overrides (account_id, tier_key, reason, expires_on, set_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (account_id) DO UPDATE SET tier_key = EXCLUDED.tier_key, reason = EXCLUDED.reason,
         expires_on = EXCLUDED.expires_on, set_by = EXCLUDED.set_by, created_at = EXCLUDED.created_at`,
      [row.id, tier, reason ?? null, expiresOn, t.actor.label, nowOf(t)],
    );
    await audit(t.tx, t, 'tier.override', `account:${account}`, { tier, expiresOn, reason });
  });
}

export async function clearTierOverride({ ctx, account }: { ctx: ServiceContext; account: string }) {
  return withTransaction(ctx, async (t) => {
    const n = await t.tx.execute(
      `DELETE FROM account_tier_overrides WHERE account_id = (SELECT id FROM accounts WHERE external_id = $1)`,
      [account],
    );
    if (n === 0) throw new NotFoundError(`no tier override for account "${account}"`);
    await audit(t.tx, t, 'tier.override-clear', `account:${account}`, {});
  });
}

export interface CoverageRow {
  owner: string;
  tier: string | null;
  accounts: number;
  arrMinor: number;
  targetAccounts: number | null;
  targetArrMinor: number | null;
  /** accounts over the target (positive: over-covered), null without a target. */
  accountsVsTarget: number | null;
  arrVsTargetMinor: number | null;
}

/** Accounts and ARR per CSM and tier, against each tier's targets per CSM. */
export async function tierCoverage({ ctx }: { ctx: ServiceContext }): Promise<CoverageRow[]> {
  const tiers = await listTiers(ctx);
  const rows = await accountTiers({ ctx });
  const groups = new Map<string, { owner: string; tier: string | null; accounts: number; arrMinor: number }>();
  for (const r of rows) {
    const owner = r.owner ?? '(no owner)';
    const key = JSON.stringify([owner, r.tier]);
    const g = groups.get(key) ?? { owner, tier: r.tier, accounts: 0, arrMinor: 0 };
    g.accounts++;
    g.arrMinor += r.arrMinor;
    groups.set(key, g);
  }
  const rank = (tier: string | null) => tiers.find((x) => x.key === tier)?.rank ?? Infinity;
  return [...groups.values()]
    .sort((a, b) => a.owner.localeCompare(b.owner) || rank(a.tier) - rank(b.tier))
    .map((g) => {
      const def = tiers.find((x) => x.key === g.tier);
      const targetAccounts = def?.targetAccountsPerCsm ?? null;
      const targetArrMinor = def?.targetArrPerCsmMinor ?? null;
      return {
        ...g,
        targetAccounts,
        targetArrMinor,
        accountsVsTarget: targetAccounts === null ? null : g.accounts - targetAccounts,
        arrVsTargetMinor: targetArrMinor === null ? null : g.arrMinor - targetArrMinor,
      };
    });
}
