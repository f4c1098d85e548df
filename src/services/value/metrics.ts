// Value metric definitions (an admin's: "Hours saved = Reports generated × 0.5 h") and outcome values recorded by
// hand for promised outcomes that no catalog feature measures. Each input is checked field by field.
import { parseDay } from '../../core/period.ts';
import { norm } from '../../core/value/build.ts';
import { audit } from '../audit.ts';
import { db, withTransaction, type ServiceContext } from '../context.ts';
import { InputError } from '../errors.ts';
import { NotFoundError } from '../playbooks/tasks.ts';
import { accountById } from './data.ts';

export interface ValueMetric {
  id: number;
  name: string;
  feature: string;
  featureName: string | null;
  multiplier: number;
  unit: string;
  updatedAt: string;
}

const WHERE = { file: 'request body' };
const shown = (v: unknown): string => JSON.stringify(v) ?? typeof v;
/** The one row an INSERT … RETURNING gives. */
const inserted = (rows: { id: number }[]): number => {
  const [row] = rows;
  if (!row) throw new Error('the insert returned no row');
  return row.id;
};

function text(obj: Record<string, unknown>, field: string, max: number): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.trim() === '' || v.length > max)
    throw new InputError(WHERE, field, `a text of 1 to ${max} characters`, v === undefined ? undefined : shown(v));
  return v.trim();
}

function isDay(text: string): boolean {
  try {
    parseDay(text);
    return true;
  } catch {
    return false;
  }
}

function record(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new InputError(WHERE, undefined, 'an object');
  return raw as Record<string, unknown>;
}

function onlyKeys(obj: Record<string, unknown>, keys: string[]) {
  for (const k of Object.keys(obj)) if (!keys.includes(k)) throw new InputError(WHERE, k, `one of ${keys.join(', ')}`);
}

export async function listValueMetrics(ctx: ServiceContext): Promise<ValueMetric[]> {
  const rows = await db(ctx).query<{
    id: number;
    name: string;
    feature: string;
    feature_name: string | null;
    multiplier: number;
    unit: string;
    updated_at: Date | string;
  }>(
    `SELECT m.id, m.name, m.feature, f.name AS feature_name, m.multiplier, m.unit, m.updated_at
       FROM value_metrics m LEFT JOIN features f ON f.key = m.feature ORDER BY lower(m.name)`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    feature: r.feature,
    featureName: r.feature_name,
    multiplier: r.multiplier,
    unit: r.unit,
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

/** Adds a definition; the name must be new (case-insensitively) and the feature in the catalog. */
export async function addValueMetric({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<ValueMetric> {
  const obj = record(input);
  onlyKeys(obj, ['name', 'feature', 'multiplier', 'unit']);
  const name = text(obj, 'name', 100);
  const feature = text(obj, 'feature', 200);
  const unit = text(obj, 'unit', 30);
  const m = obj.multiplier;
  if (typeof m !== 'number' || !Number.isFinite(m) || m <= 0 || m > 1e9)
    throw new InputError(WHERE, 'multiplier', 'a number above 0 and at most 1e9', shown(m));
  const id = await withTransaction(ctx, async (t) => {
    const [known] = await t.tx.query<{ key: string }>(`SELECT key FROM features WHERE key = $1`, [feature]);
    if (!known) throw new InputError(WHERE, 'feature', 'the key of a catalog feature (tenure features list)', feature);
    const [taken] = await t.tx.query<{ id: number }>(`SELECT id FROM value_metrics WHERE lower(name) = lower($1)`, [
      name,
    ]);
    if (taken) throw new InputError(WHERE, 'name', 'a name no other value metric has', name);
    const id = inserted(
      await t.tx.query<{ id: number }>(
        `INSERT INTO value_metrics (name, feature, multiplier, unit, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
        [name, feature, m, unit, t.actor.label, t.now()],
      ),
    );
    await audit(t.tx, t, 'value_metric.add', `value_metric:${name}`, { feature, multiplier: m, unit });
    return id;
  });
  const added = (await listValueMetrics(ctx)).find((x) => x.id === id);
  if (!added) throw new NotFoundError(`no value metric ${id}`);
  return added;
}

/** Removes a definition by id or name; false when there was none. */
export async function removeValueMetric({ ctx, key }: { ctx: ServiceContext; key: string | number }): Promise<boolean> {
  return withTransaction(ctx, async (t) => {
    const rows = await t.tx.query<{ id: number; name: string }>(
      typeof key === 'number'
        ? `DELETE FROM value_metrics WHERE id = $1 RETURNING id, name`
        : `DELETE FROM value_metrics WHERE lower(name) = lower($1) RETURNING id, name`,
      [key],
    );
    const row = rows[0];
    if (row) await audit(t.tx, t, 'value_metric.remove', `value_metric:${row.name}`);
    return row !== undefined;
  });
}

export interface OutcomeReading {
  id: number;
  metric: string;
  value: number;
  recordedOn: string;
}

/** Refuses a metric the account's handoff does not promise: the report would never show its readings. */
async function promisedOutcome(ctx: ServiceContext, accountId: number, metric: string): Promise<void> {
  const [handoff] = await db(ctx).query<{ outcomes: { metric: string }[] }>(
    `SELECT outcomes FROM account_handoffs WHERE account_id = $1`,
    [accountId],
  );
  const promised = (handoff?.outcomes ?? []).map((o) => o.metric);
  if (promised.some((m) => norm(m) === norm(metric))) return;
  const expected = promised.length
    ? `an outcome promised at handoff (${promised.map((m) => `"${m}"`).join(', ')})`
    : 'an outcome promised at handoff (this account has none)';
  throw new InputError(WHERE, 'metric', expected, metric);
}

/** Records where a promised outcome stands, on a day (default today); used when usage does not measure it. */
export async function recordOutcomeValue({
  ctx,
  accountId,
  input,
}: {
  ctx: ServiceContext;
  accountId: number;
  input: unknown;
}): Promise<OutcomeReading> {
  const obj = record(input);
  onlyKeys(obj, ['metric', 'value', 'recordedOn']);
  const metric = text(obj, 'metric', 200);
  const value = obj.value;
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 1e12)
    throw new InputError(WHERE, 'value', 'a number', shown(value));
  const today = ctx.now().toISOString().slice(0, 10);
  const day = obj.recordedOn ?? today;
  if (typeof day !== 'string' || !isDay(day)) throw new InputError(WHERE, 'recordedOn', 'a day YYYY-MM-DD', shown(day));
  if (day > today) throw new InputError(WHERE, 'recordedOn', 'a day no later than today', day);
  const account = await accountById(ctx, accountId);
  await promisedOutcome(ctx, account.id, metric);
  return withTransaction(ctx, async (t) => {
    const id = inserted(
      await t.tx.query<{ id: number }>(
        `INSERT INTO value_outcome_readings (account_id, metric, value, recorded_on, recorded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [account.id, metric, value, day, t.actor.label, t.now()],
      ),
    );
    await audit(t.tx, t, 'value_outcome.record', `account:${account.external_id}`, { metric, value, day });
    return { id, metric, value, recordedOn: day };
  });
}
