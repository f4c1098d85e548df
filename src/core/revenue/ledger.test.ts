import assert from 'node:assert/strict';
// eslint-disable-next-line no-restricted-imports -- the test reads a fixture; the code under test does no I/O
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { monthIndex, monthKey } from '../period.ts';
import { aggregateLedger, kindIndex } from './aggregate.ts';
import { buildLedger, ledgerForCustomer, ledgerOf } from './ledger.ts';
import { intervalsFromPeriods, type SubscriptionPeriodInput } from './normalize.ts';
import { customerOf, ledgerFor, movementLines, mrrIn, period, totalsOf } from './testing.ts';
import { MOVEMENT_KINDS, resolveSettings } from './types.ts';

const FIXTURE = new URL('../../../test/fixtures/dbt-mrr-playbook/subscription_periods.csv', import.meta.url);

function dbtPeriods(): SubscriptionPeriodInput[] {
  const [, ...rows] = readFileSync(FIXTURE, 'utf8').trim().split('\n');
  return rows.map((row) => {
    const [id, customer, start, end, amount] = row.split(',');
    return period(Number(customer), start!, end || null, Number(amount) * 100, { id: id!, subscriptionId: id! });
  });
}

/** mrr.sql, naively: per customer-month from the first paid month, compare with the month before. */
function playbookClassification(periods: readonly SubscriptionPeriodInput[], last: number) {
  const rows: { customer: number; month: number; kind: string; change: number }[] = [];
  const customers = [...new Set(periods.map((p) => Number(p.accountId)))];
  for (const customer of customers) {
    const own = periods.filter((p) => p.accountId === customer);
    const mrr = (m: number) => {
      const first = `${monthKey(m)}-01`;
      return own
        .filter((p) => p.startOn <= first && (p.endOn === null || first < p.endOn))
        .reduce((s, p) => s + p.monthlyAmountMinor, 0);
    };
    let seen = false;
    for (let m = Math.min(...own.map((p) => monthIndex(p.startOn.slice(0, 7)))); m <= last; m++) {
      const [now, before] = [mrr(m), mrr(m - 1)];
      let kind = '';
      if (now > 0 && !seen) kind = 'new';
      else if (now === 0 && before > 0) kind = 'churn';
      else if (now > 0 && before === 0) kind = 'reactivation';
      else if (now > before) kind = 'expansion';
      else if (now < before) kind = 'contraction';
      if (now > 0) seen = true;
      if (kind) rows.push({ customer, month: m, kind, change: now - before });
    }
  }
  return rows;
}

describe('ledger: the dbt mrr-playbook fixture', () => {
  const periods = dbtPeriods();
  const ledger = ledgerFor({ periods }, '2020-02-01');

  it('has the playbook totals in 2018-05, 2019-04 and 2019-08', () => {
    const may = totalsOf(ledger, '2018-05');
    assert.deepEqual([may.mrr, may.amount.new, may.amount.churn], [19_000, 12_000, -8_000]);
    const april = totalsOf(ledger, '2019-04');
    assert.deepEqual(
      [april.mrr, april.amount.new, april.amount.reactivation, april.amount.expansion],
      [89_500, 12_000, 5_000, 6_500],
    );
    const august = totalsOf(ledger, '2019-08');
    assert.deepEqual(
      [august.mrr, august.amount.new, august.amount.contraction, august.amount.churn],
      [124_000, 10_500, -5_500, -16_000],
    );
  });

  it('classifies every customer-month as mrr.sql does', () => {
    const expected = playbookClassification(periods, ledger.lastMonth)
      .map((r) => `${r.customer} ${monthKey(r.month)} ${r.kind} ${r.change}`)
      .sort();
    const actual = ledger.customers
      .flatMap((c) => movementLines(c).map((line) => `${String(c.accountId)} ${line}`))
      .sort();
    assert.deepEqual(actual, expected);
    assert.equal(ledger.customers.length, 55);
  });

  it('keeps the identity and the counts in every month, and churns everyone the month after the data ends', () => {
    const agg = aggregateLedger(ledger);
    assert.equal(monthKey(agg.firstMonth), '2017-09');
    for (let i = 0; i < agg.length; i++) {
      const at = (kind: (typeof MOVEMENT_KINDS)[number]) => kindIndex(kind) * agg.length + i;
      const moved = MOVEMENT_KINDS.reduce((s, k) => s + (agg.movementMinor[at(k)] ?? 0), 0);
      const joined = (agg.movementCount[at('new')] ?? 0) + (agg.movementCount[at('reactivation')] ?? 0);
      const before = i === 0 ? [0, 0] : [agg.mrrMinor[i - 1] ?? 0, agg.payingCustomers[i - 1] ?? 0];
      assert.equal(agg.mrrMinor[i], (before[0] ?? 0) + moved, monthKey(agg.firstMonth + i));
      assert.equal(agg.payingCustomers[i], (before[1] ?? 0) + joined - (agg.movementCount[at('churn')] ?? 0));
    }
    const feb = totalsOf(ledger, '2020-02');
    assert.deepEqual([feb.mrr, feb.customers, feb.amount.churn], [0, 0, -17_500]);
  });

  it('links each movement to the periods before and after it', () => {
    const customer1 = customerOf(ledger, 1);
    assert.deepEqual(movementLines(customer1), [
      '2018-11 new 5000',
      '2019-02 churn -5000',
      '2019-04 reactivation 5000',
      '2019-06 expansion 2500',
      '2019-08 churn -7500',
    ]);
    const expansion = customer1?.movements[3];
    assert.deepEqual([expansion?.sourcesBefore, expansion?.sourcesAfter], [['period:2'], ['period:3']]);
    assert.deepEqual(customer1?.movements[1]?.sourcesAfter, []);
  });
});

describe('ledger: months, asOf and edge cases', () => {
  it('makes a customer paying one month new in it and churned in the next', () => {
    const ledger = ledgerFor({ periods: [period('a', '2024-03-01', '2024-04-01', 900)] }, '2024-12-31');
    assert.deepEqual(movementLines(customerOf(ledger, 'a')), ['2024-03 new 900', '2024-04 churn -900']);
  });

  it('does not churn service still in force on asOf, and produces no month after it', () => {
    const ledger = ledgerFor(
      {
        periods: [
          period('ongoing', '2024-01-01', null, 100),
          period('ends-later', '2024-01-01', '2024-03-20', 100),
          period('ended', '2024-01-01', '2024-03-01', 100),
          period('future', '2024-03-16', null, 100),
        ],
      },
      '2024-03-15',
    );
    assert.equal(monthKey(ledger.lastMonth), '2024-03');
    assert.deepEqual(movementLines(customerOf(ledger, 'ongoing')), ['2024-01 new 100']);
    assert.deepEqual(movementLines(customerOf(ledger, 'ends-later')), ['2024-01 new 100']);
    assert.deepEqual(movementLines(customerOf(ledger, 'ended')), ['2024-01 new 100', '2024-03 churn -100']);
    assert.equal(customerOf(ledger, 'future'), undefined);
    assert.deepEqual(customerOf(ledger, 'ongoing')?.history, [
      { startMonth: monthIndex('2024-01'), endMonth: monthIndex('2024-04'), mrrMinor: 100, plan: null },
    ]);
  });

  it('counts a mid-month period in the months whose last day it covers', () => {
    const ledger = ledgerFor(
      {
        periods: [
          period('mid', '2024-01-15', '2024-03-15', 100),
          // Starts on a month end in a leap year: in force on 2024-01-31, not on 2024-02-29.
          period('jan31', '2024-01-31', '2024-02-29', 200),
          period('leap', '2024-02-29', '2024-03-31', 300),
        ],
      },
      '2024-12-31',
    );
    assert.deepEqual(movementLines(customerOf(ledger, 'mid')), ['2024-01 new 100', '2024-03 churn -100']);
    assert.deepEqual(movementLines(customerOf(ledger, 'jan31')), ['2024-01 new 200', '2024-02 churn -200']);
    assert.deepEqual(movementLines(customerOf(ledger, 'leap')), ['2024-02 new 300', '2024-03 churn -300']);
  });

  it('records service inside one month as new and churn only when asked', () => {
    const periods = [period('short', '2024-03-05', '2024-03-20', 500), period('short', '2024-06-01', null, 700)];
    const ignored = ledgerFor({ periods }, '2024-12-31');
    assert.deepEqual(movementLines(customerOf(ignored, 'short')), ['2024-06 new 700']);
    const recorded = ledgerFor({ periods }, '2024-12-31', { sameMonthNewAndChurn: 'record' });
    const short = customerOf(recorded, 'short');
    assert.deepEqual(movementLines(short), ['2024-03 new 500', '2024-03 churn -500', '2024-06 reactivation 700']);
    const march = totalsOf(recorded, '2024-03');
    assert.deepEqual([march.mrr, march.customers, march.count.new, march.count.churn], [0, 0, 1, 1]);
  });

  it('reactivates a customer back from zero, and keeps the plan of the last paid month on churn', () => {
    const ledger = ledgerFor(
      {
        periods: [
          period('r', '2024-01-01', '2024-03-01', 100, { plan: 'basic' }),
          period('r', '2024-06-01', '2024-08-01', 300, { plan: 'pro' }),
        ],
      },
      '2024-12-31',
    );
    const r = customerOf(ledger, 'r');
    assert.deepEqual(movementLines(r), [
      '2024-01 new 100',
      '2024-03 churn -100',
      '2024-06 reactivation 300',
      '2024-08 churn -300',
    ]);
    assert.deepEqual(
      r?.movements.map((m) => m.plan),
      ['basic', 'basic', 'pro', 'pro'],
    );
  });

  it('is the same computed per customer, and reassembles with ledgerOf', () => {
    const settings = resolveSettings({ asOf: '2020-02-01', reportingCurrency: 'USD' });
    const intervals = intervalsFromPeriods(dbtPeriods(), { settings, fx: null });
    const whole = buildLedger(intervals, settings);
    const one = ledgerForCustomer(
      17,
      intervals.filter((iv) => iv.accountId === 17),
      settings,
    );
    assert.deepEqual(one, customerOf(whole, 17));
    assert.deepEqual(ledgerOf(whole.customers, whole.lastMonth), whole);
    assert.equal(mrrIn(one, monthIndex('2019-11')), 10_000);
  });
});

describe('ledger: currencies', () => {
  const fxRates = [
    { day: '2024-01-01', currency: 'EUR', quote: 'USD', rate: 1.1 },
    { day: '2024-02-01', currency: 'EUR', quote: 'USD', rate: 1.2 },
    { day: '2024-03-01', currency: 'EUR', quote: 'USD', rate: 1.15 },
  ];
  const eur = { currency: 'EUR' };

  it('keeps currency effects out of movements, on an fx line, with the identity exact', () => {
    const ledger = ledgerFor(
      {
        fxRates,
        periods: [
          period('e', '2024-01-01', '2024-02-01', 10_000, eur),
          period('e', '2024-02-01', '2024-03-01', 10_000, eur),
          period('e', '2024-03-01', null, 12_000, eur), // a price rise at renewal
        ],
      },
      '2024-06-30',
    );
    const e = customerOf(ledger, 'e');
    // February: same service re-rated 1.1 → 1.2. March: 100 € re-rated 1.2 → 1.15, then 20 € more at 1.15.
    assert.deepEqual(movementLines(e), [
      '2024-01 new 11000',
      '2024-02 fx 1000',
      '2024-03 fx -500',
      '2024-03 expansion 2300',
    ]);
    assert.deepEqual(
      e?.history.map((s) => s.mrrMinor),
      [11_000, 12_000, 13_800],
    );
    for (const m of e?.movements ?? []) assert.equal(m.mrrAfterMinor, m.mrrBeforeMinor + m.amountMinor);
    const march = totalsOf(ledger, '2024-03');
    assert.deepEqual([march.amount.fx, march.amount.expansion, march.mrr], [-500, 2_300, 13_800]);
  });

  it('moves only when service changes: ongoing service keeps its first rate', () => {
    const ledger = ledgerFor({ fxRates, periods: [period('o', '2024-01-15', null, 10_000, eur)] }, '2024-06-30');
    assert.deepEqual(movementLines(customerOf(ledger, 'o')), ['2024-01 new 11000']);
  });

  it('values a subscription that ends at its own rate, with no fx line', () => {
    const ledger = ledgerFor(
      {
        fxRates,
        periods: [
          period('two', '2024-01-01', '2024-04-01', 10_000, eur),
          period('two', '2024-03-01', null, 5_000, eur),
          period('switch', '2024-01-01', '2024-03-01', 10_000, eur),
          period('switch', '2024-03-01', null, 10_000),
        ],
      },
      '2024-06-30',
    );
    assert.deepEqual(movementLines(customerOf(ledger, 'two')), [
      '2024-01 new 11000',
      '2024-03 expansion 5750',
      '2024-04 contraction -11000',
    ]);
    assert.deepEqual(movementLines(customerOf(ledger, 'switch')), ['2024-01 new 11000', '2024-03 contraction -1000']);
  });
});
