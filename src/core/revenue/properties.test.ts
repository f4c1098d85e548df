// Property tests over random billing histories: identities per customer, in total and per window;
// rate definitions; totals as sums of customers; cohort sums against a brute-force count.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { FxRate } from '../fx.ts';
import { formatDay, monthKey, parseDay, windowsCovering, type MonthIndex } from '../period.ts';
import { aggregateBuilder, aggregateLedger, kindIndex, MAX_COHORT_LAG, type MonthlyAggregate } from './aggregate.ts';
import { normalizeRecords } from './index.ts';
import { buildLedger, ledgerForCustomer, type Ledger } from './ledger.ts';
import { windowMetrics } from './metrics.ts';
import type { SubscriptionPeriodInput } from './normalize.ts';
import { aggregateByPlan } from './segments.ts';
import type { SubscriptionInput } from './subscriptions.ts';
import { mrrIn } from './testing.ts';
import { MOVEMENT_KINDS, resolveSettings, type BillingInterval, type ResolvedSettings } from './types.ts';

const BASE = parseDay('2022-01-01');
const ACCOUNTS = ['a', 'b', 'c', 'd', 'e', 'f'];
const CURRENCIES = ['USD', 'EUR', 'JPY'] as const;

const day = (offset: number) => formatDay(BASE + offset);

const fxRates: FxRate[] = [];
for (let offset = -40; offset < 1200; offset += 9) {
  const wave = Math.sin(offset / 50);
  fxRates.push({ day: day(offset), currency: 'EUR', quote: 'USD', rate: Number((1.1 + 0.2 * wave).toFixed(6)) });
  fxRates.push({ day: day(offset), currency: 'JPY', quote: 'USD', rate: Number((0.007 + 0.001 * wave).toFixed(8)) });
}

const periodArb = fc
  .record({
    account: fc.constantFrom(...ACCOUNTS),
    start: fc.integer({ min: 0, max: 900 }),
    // Month-aligned most of the time, as in the dbt data; any day otherwise.
    aligned: fc.boolean(),
    length: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
    amount: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 500_000 })),
    currency: fc.constantFrom(...CURRENCIES),
    plan: fc.constantFrom('basic', 'pro', null),
  })
  .map((p): Omit<SubscriptionPeriodInput, 'id'> => {
    const align = (offset: number) => (p.aligned ? `${day(offset).slice(0, 7)}-01` : day(offset));
    const startOn = align(p.start);
    const endOn = p.length === null ? null : align(p.start + Math.max(p.length, p.aligned ? 31 : 1));
    return {
      accountId: p.account,
      subscriptionId: 'sub',
      startOn,
      endOn: endOn !== null && endOn <= startOn ? null : endOn,
      monthlyAmountMinor: p.amount,
      currency: p.currency,
      plan: p.plan,
      quantity: null,
    };
  });

const subscriptionArb = fc
  .record({
    account: fc.constantFrom(...ACCOUNTS),
    start: fc.integer({ min: 0, max: 900 }),
    trial: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
    end: fc.option(fc.integer({ min: 1, max: 600 }), { nil: null }),
    currency: fc.constantFrom(...CURRENCIES),
    interval: fc.constantFrom<BillingInterval[]>('day', 'week', 'month', 'year'),
    quantity: fc.integer({ min: 0, max: 20 }),
    unit: fc.integer({ min: 0, max: 100_000 }),
    discounts: fc.array(
      fc.record({
        start: fc.integer({ min: 0, max: 700 }),
        length: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null }),
        percent: fc.option(fc.integer({ min: 1, max: 100 }), { nil: null }),
        amount: fc.integer({ min: 1, max: 50_000 }),
      }),
      { maxLength: 2 },
    ),
  })
  .map((s): Omit<SubscriptionInput, 'id'> => ({
    accountId: s.account,
    status: s.end === null ? 'active' : 'canceled',
    currency: s.currency,
    billingInterval: s.interval,
    intervalCount: 1,
    startedAt: day(s.start),
    trialStart: s.trial === null ? null : day(s.start),
    trialEnd: s.trial === null ? null : day(s.start + s.trial),
    currentPeriodStart: null,
    currentPeriodEnd: null,
    cancelAt: null,
    canceledAt: s.end === null ? null : day(s.start + s.end - 5),
    endedAt: s.end === null ? null : day(s.start + s.end),
    items: [
      {
        id: 'item',
        plan: 'seat',
        quantity: s.quantity,
        unitAmountMinor: s.unit,
        currency: s.currency,
        billingInterval: s.interval,
        intervalCount: 1,
      },
    ],
    discounts: s.discounts.map((d, i) => ({
      id: `d${i}`,
      percentOff: d.percent,
      amountOffMinor: d.percent === null ? d.amount : null,
      currency: s.currency,
      startsAt: day(s.start + d.start),
      endsAt: d.length === null ? null : day(s.start + d.start + d.length),
    })),
  }));

interface World {
  ledger: Ledger;
  settings: ResolvedSettings;
  intervals: ReturnType<typeof normalizeRecords>;
  /** The same records read with the other sameMonthNewAndChurn setting. */
  other: Ledger;
}

const worldArb = fc
  .record({
    periods: fc.array(periodArb, { minLength: 1, maxLength: 24, size: 'medium' }),
    subscriptions: fc.array(subscriptionArb, { maxLength: 4 }),
    asOf: fc.integer({ min: 100, max: 1100 }),
    record: fc.boolean(),
    cancellation: fc.boolean(),
  })
  .map(({ periods, subscriptions, asOf, record, cancellation }): World => {
    const settings = resolveSettings({
      asOf: day(asOf),
      reportingCurrency: 'USD',
      sameMonthNewAndChurn: record ? 'record' : 'ignore',
      churnRecognition: cancellation ? 'cancellation' : 'period_end',
    });
    const records = {
      periods: periods.map((p, i) => ({ ...p, id: i + 1, subscriptionId: `sub_${i}` })),
      subscriptions: subscriptions.map((s, i) => ({ ...s, id: `sub_s${i}` })),
      fxRates,
    };
    const intervals = normalizeRecords(records, settings);
    const otherSettings = { ...settings, sameMonthNewAndChurn: record ? 'ignore' : 'record' } as const;
    const other = buildLedger(normalizeRecords(records, otherSettings), otherSettings);
    return { ledger: buildLedger(intervals, settings), settings, intervals, other };
  });

const RUNS = { numRuns: 1500 };

const moved = (agg: MonthlyAggregate, i: number) =>
  MOVEMENT_KINDS.reduce((s, k) => s + (agg.movementMinor[kindIndex(k) * agg.length + i] ?? 0), 0);
const count = (agg: MonthlyAggregate, kind: (typeof MOVEMENT_KINDS)[number], i: number) =>
  agg.movementCount[kindIndex(kind) * agg.length + i] ?? 0;

function checkCustomerChain(ledger: Ledger): void {
  for (const c of ledger.customers) {
    let mrr = 0;
    let paid = false;
    let row = 0;
    for (let month: MonthIndex = ledger.firstMonth; month <= ledger.lastMonth; month++) {
      for (; row < c.movements.length && c.movements[row]!.month === month; row++) {
        const m = c.movements[row]!;
        assert.equal(m.mrrBeforeMinor, mrr);
        assert.equal(m.mrrAfterMinor, m.mrrBeforeMinor + m.amountMinor);
        assert.ok(Number.isSafeInteger(m.amountMinor) && m.amountMinor !== 0);
        const rule: Record<string, boolean> = {
          new: !paid && mrr === 0 && m.amountMinor > 0,
          reactivation: paid && mrr === 0 && m.amountMinor > 0,
          expansion: mrr > 0 && m.amountMinor > 0,
          contraction: mrr > 0 && m.mrrAfterMinor > 0 && m.amountMinor < 0,
          churn: mrr > 0 && m.mrrAfterMinor === 0,
          fx: mrr > 0 && m.mrrAfterMinor > 0,
        };
        assert.ok(rule[m.kind], `${m.kind} from ${mrr} by ${m.amountMinor}`);
        paid = true;
        mrr = m.mrrAfterMinor;
      }
      assert.equal(mrrIn(c, month), mrr, `${String(c.accountId)} ${monthKey(month)}`);
    }
    assert.equal(row, c.movements.length, 'no movement after asOf');
  }
}

function checkTotals(agg: MonthlyAggregate): void {
  for (let i = 0; i < agg.length; i++) {
    const [mrr, paying] = i === 0 ? [0, 0] : [agg.mrrMinor[i - 1] ?? 0, agg.payingCustomers[i - 1] ?? 0];
    assert.equal(agg.mrrMinor[i], mrr + moved(agg, i));
    const joined = count(agg, 'new', i) + count(agg, 'reactivation', i);
    assert.equal(agg.payingCustomers[i], paying + joined - count(agg, 'churn', i));
  }
}

function checkWindows(agg: MonthlyAggregate): void {
  if (agg.length === 0) return;
  for (const kind of ['month', 'quarter', 'year', 't12m'] as const) {
    for (const w of windowsCovering(kind, agg.firstMonth, agg.lastMonth)) {
      const m = windowMetrics(agg, w);
      const movements =
        m.newMrrMinor + m.expansionMrrMinor + m.contractionMrrMinor + m.churnMrrMinor + m.reactivationMrrMinor;
      assert.equal(m.startingMrrMinor + movements + m.fxMinor + m.transferMinor, m.mrrMinor, w.label);
      if (m.startingMrrMinor === 0) {
        assert.deepEqual([m.grossMrrChurnRate, m.netMrrChurnRate, m.nrr, m.grr], [null, null, null, null]);
        continue;
      }
      const [gross, net, expansion] = [m.grossMrrChurnRate ?? NaN, m.netMrrChurnRate ?? NaN, m.expansionMrrRate ?? NaN];
      // Rates are float quotients: compare relative to their size.
      const eps = 1e-12 * (1 + gross + expansion);
      assert.ok(gross >= 0 && expansion >= 0 && (m.logoChurnRate ?? 0) >= 0);
      assert.ok(Math.abs(net - (gross - expansion)) < eps);
      const [nrr, grr] = [m.nrr ?? NaN, m.grr ?? NaN];
      assert.ok(grr <= 1 + eps && grr <= nrr + expansion + eps, `${w.label} grr ${grr} nrr ${nrr}`);
      if (kind === 't12m') assert.ok(grr >= 0 && grr <= nrr + eps);
      // One story per row: NRR and GRR are 1 − the net and gross MRR churn shown beside them, T12M included.
      assert.ok(Math.abs(nrr - (1 - net)) < eps && Math.abs(grr - (1 - gross)) < eps, `${w.label} ${nrr} ${net}`);
    }
  }
}

/** Cohort sums counted customer by customer, month by month, for every lag. */
function checkCohorts(ledger: Ledger, agg: MonthlyAggregate): void {
  for (let lag = 1; lag <= MAX_COHORT_LAG; lag++) {
    for (let i = 0; i < agg.length; i++) {
      const month = agg.firstMonth + i;
      let [now, floor, retained] = [0, 0, 0];
      for (const c of ledger.customers) {
        const then = mrrIn(c, month - lag);
        if (then === 0) continue;
        const current = mrrIn(c, month);
        [now, floor, retained] = [now + current, floor + Math.min(then, current), retained + (current > 0 ? 1 : 0)];
      }
      const at = (lag - 1) * agg.length + i;
      assert.deepEqual(
        [agg.cohortNowMinor[at], agg.cohortFloorMinor[at], agg.cohortRetained[at]],
        [now, floor, retained],
      );
    }
  }
}

/** T12M rates counted customer by customer: the cohort paying at the end of the month before the window. */
function checkTrailingCohort(ledger: Ledger, agg: MonthlyAggregate): void {
  for (const w of windowsCovering('t12m', agg.firstMonth, agg.lastMonth)) {
    const m = windowMetrics(agg, w);
    const end = Math.min(w.endMonth, agg.lastMonth);
    let [starting, lost, then, now, floor] = [0, 0, 0, 0, 0];
    for (const c of ledger.customers) {
      const before = mrrIn(c, w.startMonth - 1);
      if (before === 0 || w.startMonth - 1 < agg.firstMonth) continue;
      const after = mrrIn(c, end);
      [starting, lost, then] = [starting + 1, lost + (after === 0 ? 1 : 0), then + before];
      [now, floor] = [now + after, floor + Math.min(before, after)];
    }
    if (starting === 0) {
      assert.equal(m.logoChurnRate, null);
      continue;
    }
    const close = (a: number | null, b: number) => {
      assert.ok(a !== null && Math.abs(a - b) < 1e-12, w.label);
    };
    close(m.logoChurnRate, lost / starting);
    close(m.grossMrrChurnRate, (then - floor) / then);
    close(m.netMrrChurnRate, (then - now) / then);
  }
}

/** Churn, expansion and retention rates of every window, which a same-month new-and-churn must not move. */
const rates = (ledger: Ledger) => {
  const agg = aggregateLedger(ledger);
  if (agg.length === 0) return [];
  return (['month', 'quarter', 'year', 't12m'] as const).flatMap((kind) =>
    windowsCovering(kind, agg.firstMonth, agg.lastMonth).map((w) => {
      const m = windowMetrics(agg, w);
      return [w.label, m.logoChurnRate, m.grossMrrChurnRate, m.netMrrChurnRate, m.expansionMrrRate, m.nrr, m.grr];
    }),
  );
};

describe('revenue properties over random histories', () => {
  it('computes T12M logo, gross and net MRR churn on the cohort behind T12M NRR and GRR', () => {
    fc.assert(
      fc.property(worldArb, ({ ledger }) => {
        checkTrailingCohort(ledger, aggregateLedger(ledger));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same rates whether same-month new-and-churn is recorded or ignored', () => {
    fc.assert(
      fc.property(worldArb, ({ ledger, other }) => {
        const [a, b] = [rates(ledger), rates(other)];
        // The ledgers may start in different months (a blip can be the first paid month): compare shared windows.
        const byLabel = new Map(b.map((row) => [row[0], row]));
        for (const row of a) {
          const twin = byLabel.get(row[0]);
          if (twin) assert.deepEqual(row, twin);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('chains every customer movement from MRR before to MRR after, by the classification rules', () => {
    fc.assert(
      fc.property(worldArb, ({ ledger }) => {
        checkCustomerChain(ledger);
      }),
      RUNS,
    );
  });

  it('keeps the identity and customer counts in every month, quarter, year and T12M, with consistent rates', () => {
    fc.assert(
      fc.property(worldArb, ({ ledger }) => {
        const agg = aggregateLedger(ledger);
        checkTotals(agg);
        checkWindows(agg);
      }),
      RUNS,
    );
  });

  it('makes totals the sums of per-customer ledgers, computed one customer at a time', () => {
    fc.assert(
      fc.property(worldArb, ({ ledger, settings, intervals }) => {
        const whole = aggregateLedger(ledger);
        const parts = ledger.customers.map((c) => {
          const own = intervals.filter((iv) => iv.accountId === c.accountId);
          assert.deepEqual(ledgerForCustomer(c.accountId, own, settings), c);
          const builder = aggregateBuilder(ledger.firstMonth, ledger.lastMonth);
          builder.add(c);
          return builder.finish();
        });
        for (const field of ['mrrMinor', 'payingCustomers', 'movementMinor', 'cohortNowMinor'] as const) {
          const summed = whole[field].map((_, i) => parts.reduce((s, p) => s + (p[field][i] ?? 0), 0));
          assert.deepEqual([...summed], [...whole[field]], field);
        }
      }),
      RUNS,
    );
  });

  it('adds plans up to the total, with transfers netting to zero and the identity per plan', () => {
    fc.assert(
      fc.property(worldArb, ({ ledger }) => {
        const whole = aggregateLedger(ledger);
        const plans = [...aggregateByPlan(ledger).values()];
        for (const agg of plans) checkWindows(agg);
        for (let i = 0; i < whole.length; i++) {
          assert.equal(
            plans.reduce((s, p) => s + (p.mrrMinor[i] ?? 0), 0),
            whole.mrrMinor[i],
          );
          assert.equal(
            plans.reduce((s, p) => s + (p.transferMinor[i] ?? 0), 0),
            0,
          );
          assert.equal(
            plans.reduce((s, p) => s + moved(p, i), 0),
            moved(whole, i),
          );
        }
      }),
      RUNS,
    );
  });

  it('sums cohorts for every look-back as a customer-by-customer count does', () => {
    fc.assert(
      fc.property(worldArb, ({ ledger }) => {
        checkCohorts(ledger, aggregateLedger(ledger));
      }),
      { numRuns: 500 },
    );
  });
});
