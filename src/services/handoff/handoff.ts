// The handoff file: one per account (一客一档), what sales promised and to whom. Read field by field so a bad value
// names file:line or its path (e.g. `[2].outcomes[0].target`); an import is all or nothing.
import { parseDay } from '../../core/period.ts';
import { InputError } from '../../core/errors.ts';
import { parseCsv } from '../../importers/csv/read.ts';
import { audit } from '../audit.ts';
import { db, nowOf, withTransaction, type ServiceContext, type TxContext } from '../context.ts';
import { child, fail, object, onlyKeys, type At, type Json } from '../playbooks/fields.ts';
import { NotFoundError } from '../playbooks/tasks.ts';

export const STAKEHOLDER_ROLES = ['sponsor', 'champion', 'admin', 'user'] as const;
export type StakeholderRole = (typeof STAKEHOLDER_ROLES)[number];

export interface Outcome {
  metric: string;
  baseline: number;
  target: number;
  due_date: string;
}
export interface Stakeholder {
  name: string;
  email: string | null;
  role: StakeholderRole;
}
export interface Handoff {
  goals: string[];
  outcomes: Outcome[];
  stakeholders: Stakeholder[];
  bought: string | null;
  plan: string | null;
  risks: string[];
}
export interface StoredHandoff extends Handoff {
  accountId: number;
  accountExternalId: string;
  updatedBy: string | null;
  updatedAt: string | null;
}

const FIELDS = ['goals', 'outcomes', 'stakeholders', 'bought', 'plan', 'risks'] as const;

function texts(obj: Json, key: string, at: At): string[] {
  const value = obj[key] ?? [];
  if (!Array.isArray(value) || value.length > 50) fail(child(at, key), 'a list of at most 50 texts', value);
  return (value as unknown[]).map((v, i) => {
    if (typeof v !== 'string' || v.trim() === '' || v.length > 2000)
      fail(child(child(at, key), i), 'a non-empty text of at most 2000 characters', v);
    return v.trim();
  });
}

function optionalText(obj: Json, key: string, at: At, max: number): string | null {
  const value = obj[key];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > max)
    fail(child(at, key), `a text of at most ${max} characters`, value);
  return value.trim();
}

function num(value: unknown, at: At): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || Math.abs(n) > 1e12) fail(at, 'a number', value);
  return n;
}

function day(value: unknown, at: At): string {
  if (typeof value === 'string') {
    try {
      parseDay(value);
      return value;
    } catch {
      // falls through to the error below
    }
  }
  return fail(at, 'a day YYYY-MM-DD', value);
}

export function parseOutcome(raw: unknown, at: At): Outcome {
  const obj = object(raw, at);
  onlyKeys(obj, ['metric', 'baseline', 'target', 'due_date'], at);
  const metric = optionalText(obj, 'metric', at, 200);
  if (metric === null) fail(child(at, 'metric'), 'the measure promised (e.g. "reports built per week")', obj.metric);
  return {
    metric,
    baseline: num(obj.baseline, child(at, 'baseline')),
    target: num(obj.target, child(at, 'target')),
    due_date: day(obj.due_date, child(at, 'due_date')),
  };
}

/** One handoff file (the API's body, or one element of an imported list without its account_id). */
export function parseHandoff(raw: unknown, at: At, extraKeys: readonly string[] = []): Handoff {
  const obj = object(raw, at);
  onlyKeys(obj, [...FIELDS, ...extraKeys], at);
  const outcomesRaw = obj.outcomes ?? [];
  if (!Array.isArray(outcomesRaw) || outcomesRaw.length > 50)
    fail(child(at, 'outcomes'), 'a list of at most 50 outcomes', outcomesRaw);
  const stakeRaw = obj.stakeholders ?? [];
  if (!Array.isArray(stakeRaw) || stakeRaw.length > 100)
    fail(child(at, 'stakeholders'), 'a list of at most 100 stakeholders', stakeRaw);
  return {
    goals: texts(obj, 'goals', at),
    outcomes: (outcomesRaw as unknown[]).map((o, i) => parseOutcome(o, child(child(at, 'outcomes'), i))),
    stakeholders: (stakeRaw as unknown[]).map((s, i) => {
      const sat = child(child(at, 'stakeholders'), i);
      const so = object(s, sat);
      onlyKeys(so, ['name', 'email', 'role'], sat);
      const name = optionalText(so, 'name', sat, 200);
      if (name === null) fail(child(sat, 'name'), "the person's name", so.name);
      const role = so.role;
      if (typeof role !== 'string' || !(STAKEHOLDER_ROLES as readonly string[]).includes(role))
        fail(child(sat, 'role'), `one of ${STAKEHOLDER_ROLES.join(', ')}`, role);
      const email = optionalText(so, 'email', sat, 320);
      if (email !== null && !/^[^@\s]+@[^@\s]+$/.test(email)) fail(child(sat, 'email'), 'an email address', email);
      return { name, email, role: role as StakeholderRole };
    }),
    bought: optionalText(obj, 'bought', at, 4000),
    plan: optionalText(obj, 'plan', at, 200),
    risks: texts(obj, 'risks', at),
  };
}

const EMPTY: Handoff = { goals: [], outcomes: [], stakeholders: [], bought: null, plan: null, risks: [] };

async function accountRow(ctx: ServiceContext, id: number) {
  const [row] = await db(ctx).query<{ id: number | string; external_id: string }>(
    `SELECT id, external_id FROM accounts WHERE id = $1`,
    [id],
  );
  if (!row) throw new NotFoundError(`no account with id ${id}`);
  return { id: Number(row.id), externalId: row.external_id };
}

export async function getHandoff({ ctx, accountId }: { ctx: ServiceContext; accountId: number }) {
  const account = await accountRow(ctx, accountId);
  const [row] = await db(ctx).query<{
    goals: string[];
    outcomes: Outcome[];
    stakeholders: Stakeholder[];
    bought: string | null;
    plan: string | null;
    risks: string[];
    updated_by: string;
    updated_at: Date | string;
  }>(
    `SELECT goals, outcomes, stakeholders, bought, plan, risks, updated_by, updated_at
       FROM account_handoffs WHERE account_id = $1`,
    [accountId],
  );
  const base = row ?? { ...EMPTY, updated_by: null, updated_at: null };
  return {
    accountId: account.id,
    accountExternalId: account.externalId,
    goals: base.goals,
    outcomes: base.outcomes,
    stakeholders: base.stakeholders,
    bought: base.bought,
    plan: base.plan,
    risks: base.risks,
    updatedBy: base.updated_by,
    updatedAt: base.updated_at === null ? null : new Date(base.updated_at).toISOString(),
  } satisfies StoredHandoff;
}

async function write(t: TxContext, id: number, h: Handoff) {
  await t.tx.execute(
    `INSERT INTO account_handoffs (account_id, goals, outcomes, stakeholders, bought, plan, risks, updated_by, updated_at)
     VALUES ($1, $2::jsonb, $3::jsonb, $4::jsonb, $5, $6, $7::jsonb, $8, $9)
     ON CONFLICT (account_id) DO UPDATE SET goals = EXCLUDED.goals, outcomes = EXCLUDED.outcomes,
       stakeholders = EXCLUDED.stakeholders, bought = EXCLUDED.bought, plan = EXCLUDED.plan, risks = EXCLUDED.risks,
       updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [
      id,
      JSON.stringify(h.goals),
      JSON.stringify(h.outcomes),
      JSON.stringify(h.stakeholders),
      h.bought,
      h.plan,
      JSON.stringify(h.risks),
      t.actor.label,
      nowOf(t),
    ],
  );
}

/** Replaces an account's handoff file with `body` (checked field by field first). */
export async function putHandoff({ ctx, accountId, body }: { ctx: ServiceContext; accountId: number; body: unknown }) {
  const handoff = parseHandoff(body, { file: 'request body', path: '' });
  const account = await accountRow(ctx, accountId);
  await withTransaction(ctx, async (t) => {
    await write(t, accountId, handoff);
    await audit(t.tx, t, 'handoff.put', `account:${account.externalId}`, { outcomes: handoff.outcomes.length });
  });
  return getHandoff({ ctx, accountId });
}

/**
 * Imports handoff files: JSON (a list of files, each with `account_id`, the account's external id) replaces each
 * named account's file; CSV `account_id,metric,baseline,target,due_date` replaces the named accounts' outcomes.
 * All or nothing: the first bad value is an error naming file:line (CSV) or its path (JSON), and nothing is written.
 */
export async function importHandoffs({ ctx, content, file }: { ctx: ServiceContext; content: string; file: string }) {
  const trimmed = content.replace(/^\uFEFF/, '').trimStart();
  const byAccount = new Map<string, { handoff: Handoff | null; outcomes: Outcome[] }>();
  const lineOf = new Map<string, { file: string; line?: number; path?: string }>();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let raw: unknown;
    try {
      raw = JSON.parse(trimmed);
    } catch (error) {
      throw new InputError({ file }, undefined, 'JSON', error instanceof Error ? error.message : 'unreadable');
    }
    if (!Array.isArray(raw)) fail({ file, path: '' }, 'a list of handoff files', raw);
    (raw as unknown[]).forEach((item, i) => {
      const at = { file, path: `[${i}]` };
      const obj = object(item, at);
      const ext = obj.account_id;
      if (typeof ext !== 'string' || ext.trim() === '') fail(child(at, 'account_id'), "the account's external id", ext);
      if (byAccount.has(ext)) fail(child(at, 'account_id'), 'each account once', ext);
      byAccount.set(ext, { handoff: parseHandoff(obj, at, ['account_id']), outcomes: [] });
      lineOf.set(ext, { file, path: child(at, 'account_id').path });
    });
  } else {
    const table = parseCsv(content, file);
    const columns = ['account_id', 'metric', 'baseline', 'target', 'due_date'];
    const header = table.header.map((h) => h.trim().toLowerCase());
    for (const c of columns) {
      if (!header.includes(c))
        throw new InputError({ file, line: table.headerLine }, c, `a header with ${columns.join(',')}`);
    }
    for (const record of table.records) {
      const get = (c: string) => (record.values[header.indexOf(c)] ?? '').trim();
      const ext = get('account_id');
      if (ext === '') throw new InputError({ file, line: record.line }, 'account_id', "the account's external id", '');
      const where = { file: `${file}:${record.line}`, path: '' };
      let outcome: Outcome;
      try {
        outcome = parseOutcome(
          { metric: get('metric'), baseline: get('baseline'), target: get('target'), due_date: get('due_date') },
          where,
        );
      } catch (error) {
        if (error instanceof InputError)
          throw new InputError({ file, line: record.line }, error.field, error.expected, error.found);
        throw error;
      }
      const entry = byAccount.get(ext) ?? { handoff: null, outcomes: [] };
      entry.outcomes.push(outcome);
      byAccount.set(ext, entry);
      if (!lineOf.has(ext)) lineOf.set(ext, { file, line: record.line });
    }
  }
  const names = [...byAccount.keys()];
  const rows = await db(ctx).query<{ id: number | string; external_id: string }>(
    `SELECT id, external_id FROM accounts WHERE external_id = ANY($1::text[])`,
    [names],
  );
  const ids = new Map(rows.map((r) => [r.external_id, Number(r.id)]));
  for (const name of names) {
    if (!ids.has(name)) {
      const where = lineOf.get(name) ?? { file };
      throw new InputError(
        { file: where.file, ...(where.line !== undefined ? { line: where.line } : {}) },
        where.path ?? 'account_id',
        'the external id of an existing account',
        name,
      );
    }
  }
  return withTransaction(ctx, async (t) => {
    for (const [name, entry] of byAccount) {
      const id = ids.get(name);
      if (id === undefined) continue;
      if (entry.handoff) {
        await write(t, id, entry.handoff);
      } else {
        const current = await getHandoff({ ctx: t, accountId: id });
        await write(t, id, { ...current, outcomes: entry.outcomes });
      }
    }
    await audit(t.tx, t, 'handoff.import', null, { file, accounts: names.length });
    return { accounts: names.length };
  });
}
