// The renewal forecast: owners' categories (set, audited), the forecast of the renewed amount per period (low,
// expected, high), the daily snapshots taken 90 and 30 days before each due day, and their accuracy.
import type { CategoryResult, ForecastAccuracy, RenewalForecast, CategoryInput } from '../../contract/renewals.ts';
import { dayOf, firstDayOfMonth, formatDay, lastDayOfMonth, monthOfDay, windowContaining } from '../../core/period.ts';
import { FORECAST_CATEGORIES, forecastError, type ForecastCategory } from '../../core/renewals/forecast.ts';
import type { RenewalInterval } from '../../core/renewals/renewals.ts';
import { listContracts } from '../../store/contracts.ts';
import { insertCategory, insertSnapshots, listSnapshots, type SnapshotRow } from '../../store/renewal-forecast.ts';
import { audit } from '../audit.ts';
import { db, withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { currentLedger } from '../revenue.ts';
import { committedArrReport } from '../revenue-views.ts';
import { evaluateRenewals, outcomesOn, plusDays } from './evaluate.ts';
import { measureBase } from './signals.ts';

export const FORECAST_HORIZONS = [90, 30] as const;

/** The period label of a due day. */
export const periodOf = (interval: RenewalInterval, day: string) =>
  windowContaining(interval, monthOfDay(dayOf(day))).label;

/** Accounts with a cancellation scheduled in billing after `today`, by the day it takes effect (earliest). */
export async function scheduledCancellations(ctx: ServiceContext, today: string): Promise<Map<number, string>> {
  const { scheduledChurn } = await committedArrReport({ ctx, asOf: today });
  const out = new Map<number, string>();
  for (const c of scheduledChurn) {
    const id = Number(c.accountId);
    const known = out.get(id);
    if (known === undefined || c.date < known) out.set(id, c.date);
  }
  return out;
}

export async function contractExists(ctx: ServiceContext, contractId: string): Promise<boolean> {
  return (await listContracts(db(ctx))).some((c) => c.contractId === contractId);
}

/** The owner's category for a renewal (null clears it: the proposal applies again); recorded with who and when. */
export async function setForecastCategory({
  ctx,
  contractId,
  input,
}: {
  ctx: ServiceContext;
  contractId: string;
  input: CategoryInput;
}): Promise<CategoryResult> {
  return withTransaction(ctx, async (t) => {
    if (!(await contractExists(t, contractId))) {
      throw new UsageError(`no contract with contract_id "${contractId}"`);
    }
    const setAt = t.now();
    const note = input.note?.trim() ? input.note.trim() : null;
    await insertCategory(t.tx, {
      contractId,
      category: input.category,
      note,
      setByKind: t.actor.kind,
      setById: t.actor.id,
      setByLabel: t.actor.label,
      setAt,
    });
    await audit(t.tx, t, 'renewal.forecast-category', `contract:${contractId}`, { category: input.category, note });
    return { contractId, category: input.category, note, setBy: t.actor.label, setAt: setAt.toISOString() };
  });
}

/** Periods from asOf's through the one a year later: due renewals, what renewed so far, low / expected / high. */
export async function renewalForecast({
  ctx,
  asOf,
  interval,
}: {
  ctx: ServiceContext;
  asOf: string;
  interval: RenewalInterval;
}): Promise<RenewalForecast> {
  const first = windowContaining(interval, monthOfDay(dayOf(asOf)));
  const start = formatDay(firstDayOfMonth(first.startMonth));
  const until = plusDays(asOf, 365);
  const ledger = await currentLedger({ ctx, asOf });
  const base = await measureBase(ctx, ledger);
  const { renewals, probabilities } = await evaluateRenewals(ctx, {
    day: asOf,
    base,
    select: (o) => o.dueDate >= start && o.dueDate <= until,
    cancellations: await scheduledCancellations(ctx, asOf),
  });
  const periods = new Map<string, RenewalForecast['periods'][number]>();
  let month = first.startMonth;
  const last = monthOfDay(dayOf(until));
  while (month <= last) {
    const w = windowContaining(interval, month);
    periods.set(w.label, {
      period: w.label,
      due: 0,
      open: 0,
      dueAmountMinor: 0,
      renewedSoFarMinor: 0,
      lowMinor: 0,
      expectedMinor: 0,
      highMinor: 0,
      byCategory: Object.fromEntries(FORECAST_CATEGORIES.map((c) => [c, 0])),
    });
    month = w.endMonth + 1;
  }
  for (const r of renewals) {
    const p = periods.get(periodOf(interval, r.dueDate));
    if (!p) continue;
    p.due++;
    p.dueAmountMinor += r.dueArrMinor;
    p.renewedSoFarMinor += r.renewedArrMinor;
    p.lowMinor += r.lowMinor;
    p.expectedMinor += r.expectedMinor;
    p.highMinor += r.highMinor;
    if (r.status === 'pending') {
      p.open++;
      p.byCategory[r.category] = (p.byCategory[r.category] ?? 0) + r.dueArrMinor;
    }
  }
  return { currency: ctx.config.reportingCurrency, asOf, interval, probabilities, periods: [...periods.values()] };
}

/**
 * Takes the forecast of every renewal whose day for a horizon (due day − 90 or − 30) has come and has none yet:
 * on that very day with what is known today ('daily'), or, for days already past (history, or a day the job
 * missed), rebuilt as of that day from the contracts known then and the owners' categories set by then
 * ('recomputed'). Excluded renewals get none.
 */
export async function takeForecastSnapshots({
  ctx,
  today,
}: {
  ctx: ServiceContext;
  today: string;
}): Promise<{ taken: number; days: number }> {
  const outcomes = await outcomesOn(ctx, today);
  const taken = new Set((await listSnapshots(db(ctx))).map((s) => `${s.contractId}|${s.horizonDays}`));
  const wanted = new Map<string, { contractId: string; horizon: 90 | 30 }[]>();
  for (const o of outcomes) {
    if (o.status === 'excluded') continue;
    for (const horizon of FORECAST_HORIZONS) {
      const day = plusDays(o.dueDate, -horizon);
      if (day > today || taken.has(`${o.contractId}|${horizon}`)) continue;
      const list = wanted.get(day) ?? [];
      list.push({ contractId: o.contractId, horizon });
      wanted.set(day, list);
    }
  }
  if (wanted.size === 0) return { taken: 0, days: 0 };
  const ledger = await currentLedger({ ctx, asOf: today });
  const base = await measureBase(ctx, ledger);
  const cancellations = await scheduledCancellations(ctx, today);
  let count = 0;
  for (const [day, items] of [...wanted.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const ids = new Map(items.map((i) => [i.contractId, i.horizon]));
    const live = day === today;
    const { renewals } = await evaluateRenewals(ctx, {
      day,
      base,
      select: (o) => ids.has(o.contractId),
      knownOnly: !live,
      ...(live ? { cancellations } : {}),
    });
    const rows = renewals.map((r): SnapshotRow => ({
      contractId: r.contractId,
      horizonDays: ids.get(r.contractId) ?? 90,
      asOf: day,
      dueOn: r.dueDate,
      category: r.category,
      categorySource: r.categorySource,
      currency: ctx.config.reportingCurrency,
      dueArrMinor: r.dueArrMinor,
      probability: r.probability,
      lowMinor: r.lowMinor,
      expectedMinor: r.expectedMinor,
      highMinor: r.highMinor,
      method: live ? 'daily' : 'recomputed',
    }));
    count += await withTransaction(ctx, (t) => insertSnapshots(t.tx, rows));
  }
  return { taken: count, days: wanted.size };
}

/**
 * For every closed period (all its renewals decided by asOf): what renewed against the forecast made 90 and 30
 * days before each due day, as forecast ÷ actual − 1 over the renewals that have a forecast at that horizon.
 */
export async function forecastAccuracy({
  ctx,
  asOf,
  interval,
}: {
  ctx: ServiceContext;
  asOf: string;
  interval: RenewalInterval;
}): Promise<ForecastAccuracy> {
  const outcomes = (await outcomesOn(ctx, asOf)).filter((o) => o.status !== 'excluded');
  const snapshots = await listSnapshots(db(ctx));
  const byKey = new Map(snapshots.map((s) => [`${s.contractId}|${s.horizonDays}`, s]));
  const grace = ctx.config.renewals.graceDays;
  const closedBy = dayOf(asOf) - grace;
  const periods = new Map<string, typeof outcomes>();
  for (const o of outcomes) {
    const label = periodOf(interval, o.dueDate);
    const list = periods.get(label) ?? [];
    list.push(o);
    periods.set(label, list);
  }
  const rows: ForecastAccuracy['periods'] = [];
  for (const [period, members] of [...periods.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const w = windowContaining(interval, monthOfDay(dayOf(members[0]?.dueDate ?? asOf)));
    if (lastDayOfMonth(w.endMonth) >= closedBy || members.some((m) => m.status === 'pending')) continue;
    const horizons = FORECAST_HORIZONS.map((horizonDays) => {
      const sum = { renewals: 0, lowMinor: 0, expectedMinor: 0, highMinor: 0, actualMinor: 0, recomputed: 0 };
      for (const m of members) {
        const s = byKey.get(`${m.contractId}|${horizonDays}`);
        if (!s) continue;
        sum.renewals++;
        sum.lowMinor += s.lowMinor;
        sum.expectedMinor += s.expectedMinor;
        sum.highMinor += s.highMinor;
        sum.actualMinor += m.renewedArrMinor;
        if (s.method === 'recomputed') sum.recomputed++;
      }
      const error = sum.renewals === 0 ? null : forecastError(sum.expectedMinor, sum.actualMinor);
      const withinRange = sum.renewals > 0 && sum.lowMinor <= sum.actualMinor && sum.actualMinor <= sum.highMinor;
      return { horizonDays, ...sum, error, withinRange };
    });
    const renewedMinor = members.reduce((a, m) => a + m.renewedArrMinor, 0);
    rows.push({ period, due: members.length, renewedMinor, horizons });
  }
  const meanAbsoluteError = FORECAST_HORIZONS.map((horizonDays) => {
    const errors = rows.flatMap((r) => r.horizons.filter((h) => h.horizonDays === horizonDays && h.error !== null));
    const total = errors.reduce((a, h) => a + Math.abs(h.error ?? 0), 0);
    return { horizonDays, error: errors.length === 0 ? null : total / errors.length };
  });
  return { currency: ctx.config.reportingCurrency, asOf, interval, periods: rows, meanAbsoluteError };
}

export const isForecastCategory = (v: string): v is ForecastCategory =>
  (FORECAST_CATEGORIES as readonly string[]).includes(v);
