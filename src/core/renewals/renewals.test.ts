import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildFxTable } from '../fx.ts';
import { addMonthsToDay, dayOf, formatDay } from '../period.ts';
import { renewalOutcomes, renewalRates, type Contract, type RenewalSettings } from './renewals.ts';

const SETTINGS: RenewalSettings = { earlyDays: 90, graceDays: 30 };
const FX = buildFxTable([{ day: '2025-01-01', currency: 'EUR', quote: 'USD', rate: 1.1 }], 'USD');

let next = 0;
function contract(accountId: number, start: string, end: string, arr: number, extra: Partial<Contract> = {}): Contract {
  next++;
  return {
    contractId: `c${next}`,
    accountId,
    startDate: start,
    endDate: end,
    arrMinor: arr * 100,
    currency: 'USD',
    exclusionReason: null,
    ...extra,
  };
}

// The fixture of test/fixtures/renewals/contracts.csv, one account per case.
const FIXTURE: Contract[] = [
  contract(1, '2025-01-01', '2026-01-01', 10000, { contractId: 'A-1' }), // flat
  contract(1, '2026-01-01', '2027-01-01', 10000, { contractId: 'A-2' }),
  contract(2, '2025-01-15', '2026-01-15', 20000, { contractId: 'B-1' }), // expanded
  contract(2, '2026-01-15', '2027-01-15', 25000, { contractId: 'B-2' }),
  contract(3, '2025-02-01', '2026-02-01', 30000, { contractId: 'C-1' }), // contracted
  contract(3, '2026-02-01', '2027-02-01', 24000, { contractId: 'C-2' }),
  contract(4, '2025-02-10', '2026-02-10', 5000, { contractId: 'D-1' }), // churned
  contract(5, '2025-03-01', '2026-03-01', 7000, { contractId: 'X-1', exclusionReason: 'out of business' }),
  contract(6, '2025-03-15', '2026-03-15', 8000, { contractId: 'F-1' }), // renewed 85 days early
  contract(6, '2025-12-20', '2026-12-20', 8800, { contractId: 'F-2' }),
  contract(7, '2025-03-20', '2026-03-20', 12000, { contractId: 'G-1' }), // renewed 21 days late
  contract(7, '2026-04-10', '2027-04-10', 12000, { contractId: 'G-2' }),
  contract(8, '2023-04-01', '2026-04-01', 15000, { contractId: 'H-1' }), // three years, then three more
  contract(8, '2026-04-01', '2029-04-01', 18000, { contractId: 'H-2' }),
  contract(9, '2025-04-15', '2026-04-15', 10000, { contractId: 'E-1', currency: 'EUR' }), // EUR at 1.10
  contract(9, '2026-04-15', '2027-04-15', 10000, { contractId: 'E-2', currency: 'EUR' }),
  contract(10, '2025-05-01', '2026-05-01', 6000, { contractId: 'K-1' }), // co-termed with K-2 into K-3
  contract(10, '2025-11-01', '2026-05-01', 4000, { contractId: 'K-2' }),
  contract(10, '2026-05-01', '2027-05-01', 11000, { contractId: 'K-3' }),
  contract(11, '2025-06-15', '2026-06-15', 9000, { contractId: 'P-1' }), // within the grace on the as-of day
];

describe('renewal outcomes', () => {
  const outcomes = renewalOutcomes(FIXTURE, FX, SETTINGS, '2026-06-30');
  const of = (id: string) => outcomes.find((o) => o.contractId === id);

  it('classifies each case of the fixture', () => {
    const status = Object.fromEntries(outcomes.map((o) => [o.contractId, o.status]));
    assert.deepEqual(status, {
      'A-1': 'renewed',
      'A-2': 'pending',
      'B-1': 'renewed',
      'B-2': 'pending',
      'C-1': 'renewed',
      'C-2': 'pending',
      'D-1': 'churned',
      'X-1': 'excluded',
      'F-1': 'renewed',
      'F-2': 'pending',
      'G-1': 'renewed',
      'G-2': 'pending',
      'H-1': 'renewed',
      'H-2': 'pending',
      'E-1': 'renewed',
      'E-2': 'pending',
      'K-1': 'renewed',
      'K-2': 'renewed',
      'K-3': 'pending',
      'P-1': 'pending',
    });
  });

  it('shares a co-termed renewal by due ARR and converts at the due day', () => {
    assert.deepEqual([of('K-1')?.renewedArrMinor, of('K-2')?.renewedArrMinor], [660_000, 440_000]);
    assert.deepEqual([of('E-1')?.dueArrMinor, of('E-1')?.renewedArrMinor], [1_100_000, 1_100_000]);
    assert.deepEqual(of('K-1')?.renewedBy, ['K-3']);
  });

  it('gives the hand-computed rates per quarter', () => {
    const rows = renewalRates(outcomes, 'quarter');
    assert.equal(rows.length, 14); // 2026-Q1 .. 2029-Q2
    const [q1, q2, q3, q4] = rows;
    // Q1: A, B, C, F, G renewed; D churned; X excluded.
    assert.deepEqual(q1, {
      period: '2026-Q1',
      due: 7,
      renewed: 5,
      churned: 1,
      excluded: 1,
      pending: 0,
      renewalRate: 5 / 6,
      dueAmountMinor: 8_500_000,
      renewedAmountMinor: 7_980_000,
      grossAmountRate: 7_400_000 / 8_500_000,
      netAmountRate: 7_980_000 / 8_500_000,
    });
    // Q2: H (multi-year, expanded), E (EUR), K-1 and K-2 (co-termed) renewed; P pending.
    assert.deepEqual(q2, {
      period: '2026-Q2',
      due: 5,
      renewed: 4,
      churned: 0,
      excluded: 0,
      pending: 1,
      renewalRate: 1,
      dueAmountMinor: 3_600_000,
      renewedAmountMinor: 4_000_000,
      grossAmountRate: 1,
      netAmountRate: 4_000_000 / 3_600_000,
    });
    assert.deepEqual([q3?.period, q3?.due, q3?.renewalRate, q3?.grossAmountRate], ['2026-Q3', 0, null, null]);
    assert.deepEqual([q4?.period, q4?.due, q4?.pending, q4?.dueAmountMinor], ['2026-Q4', 1, 1, 0]);
    assert.equal(rows.at(-1)?.period, '2029-Q2');
  });

  it('moves from pending to churned only after the grace', () => {
    const due = [contract(1, '2025-01-01', '2026-01-01', 100)];
    assert.equal(renewalOutcomes(due, FX, SETTINGS, '2026-01-31')[0]?.status, 'pending');
    assert.equal(renewalOutcomes(due, FX, SETTINGS, '2026-02-01')[0]?.status, 'churned');
  });

  it('counts a renewal starting on either edge of the window, and none beyond', () => {
    const status = (start: string, end = '2027-01-01') =>
      renewalOutcomes(
        [contract(1, '2025-01-01', '2026-01-01', 100, { contractId: 'due' }), contract(1, start, end, 100)],
        FX,
        SETTINGS,
        '2026-12-31',
      ).find((o) => o.contractId === 'due')?.status;
    assert.equal(status('2025-10-03'), 'renewed'); // E − 90
    assert.equal(status('2025-10-02'), 'churned'); // E − 91
    assert.equal(status('2026-01-31'), 'renewed'); // E + 30
    assert.equal(status('2026-02-01'), 'churned'); // E + 31
    assert.equal(status('2025-12-01', '2026-01-01'), 'churned'); // ends on E: not a renewal
    assert.equal(status('2025-12-01', '2026-01-02'), 'renewed');
  });

  it('reads the settings', () => {
    const due = [
      contract(1, '2025-01-01', '2026-01-01', 100, { contractId: 'due' }),
      contract(1, '2026-02-20', '2027-02-20', 100),
    ];
    const wide = { earlyDays: 0, graceDays: 60 };
    assert.equal(renewalOutcomes(due, FX, SETTINGS, '2026-12-31')[0]?.status, 'churned');
    assert.equal(renewalOutcomes(due, FX, wide, '2026-12-31')[0]?.status, 'renewed');
  });

  it('labels months and years', () => {
    const months = renewalRates(outcomes, 'month');
    assert.deepEqual(
      months.slice(0, 3).map((r) => [r.period, r.due]),
      [
        ['2026-01', 2],
        ['2026-02', 2],
        ['2026-03', 3],
      ],
    );
    const years = renewalRates(outcomes, 'year');
    assert.deepEqual(
      years.map((r) => [r.period, r.due, r.renewed, r.churned, r.excluded, r.pending]),
      [
        ['2026', 13, 9, 1, 1, 2],
        ['2027', 6, 0, 0, 0, 6],
        ['2028', 0, 0, 0, 0, 0],
        ['2029', 1, 0, 0, 0, 1],
      ],
    );
  });
});

const DAY0 = dayOf('2024-01-01');
const arbContract = fc.record({
  accountId: fc.integer({ min: 1, max: 4 }),
  startOffset: fc.integer({ min: 0, max: 900 }),
  months: fc.constantFrom(1, 6, 12, 24, 36),
  arr: fc.integer({ min: 0, max: 1_000_000 }),
  excluded: fc.boolean(),
});

describe('renewal properties', () => {
  const world = fc.array(arbContract, { maxLength: 30 }).map((specs) =>
    specs.map((s, i): Contract => {
      const start = DAY0 + s.startOffset;
      return {
        contractId: `p${i}`,
        accountId: s.accountId,
        startDate: formatDay(start),
        endDate: formatDay(addMonthsToDay(start, s.months)),
        arrMinor: s.arr,
        currency: 'USD',
        exclusionReason: s.excluded && s.arr % 5 === 0 ? 'excluded' : null,
      };
    }),
  );
  const asOf = fc.integer({ min: 0, max: 2000 }).map((d) => formatDay(DAY0 + d));
  const interval = fc.constantFrom('month' as const, 'quarter' as const, 'year' as const);

  it('renewed + churned + excluded + pending = due, and every renewal lands in one period', () => {
    fc.assert(
      fc.property(world, asOf, interval, (contracts, day, kind) => {
        const rows = renewalRates(renewalOutcomes(contracts, FX, SETTINGS, day), kind);
        for (const r of rows) assert.equal(r.renewed + r.churned + r.excluded + r.pending, r.due);
        assert.equal(
          rows.reduce((n, r) => n + r.due, 0),
          contracts.length,
        );
      }),
    );
  });

  it('gross ≤ 1 and gross ≤ net; renewal rate within [0, 1]', () => {
    fc.assert(
      fc.property(world, asOf, interval, (contracts, day, kind) => {
        for (const r of renewalRates(renewalOutcomes(contracts, FX, SETTINGS, day), kind)) {
          if (r.grossAmountRate !== null && r.netAmountRate !== null) {
            assert.ok(r.grossAmountRate <= 1 + 1e-12, `gross ${r.grossAmountRate}`);
            assert.ok(r.grossAmountRate <= r.netAmountRate + 1e-12);
          }
          if (r.renewalRate !== null) assert.ok(r.renewalRate >= 0 && r.renewalRate <= 1);
        }
      }),
    );
  });

  it('a co-termed renewal is never counted twice: renewed amounts add up to the renewal contracts’ ARR', () => {
    fc.assert(
      fc.property(world, asOf, (contracts, day) => {
        const outcomes = renewalOutcomes(contracts, FX, SETTINGS, day);
        const successors = new Set(outcomes.filter((o) => o.status === 'renewed').flatMap((o) => o.renewedBy));
        const total = contracts.filter((c) => successors.has(c.contractId)).reduce((n, c) => n + c.arrMinor, 0);
        const renewed = outcomes.reduce((n, o) => n + o.renewedArrMinor, 0);
        assert.ok(Math.abs(renewed - total) <= outcomes.length, `${renewed} vs ${total}`);
      }),
    );
  });
});

describe('renewals at scale', () => {
  it('handles 200,000 contracts (one renewal each) without overflowing the stack', () => {
    const many: Contract[] = [];
    for (let i = 0; i < 100_000; i++) {
      const start = DAY0 + (i % 365);
      const end = addMonthsToDay(start, 12);
      many.push({
        contractId: `a${i}`,
        accountId: i,
        startDate: formatDay(start),
        endDate: formatDay(end),
        arrMinor: 100,
        currency: 'USD',
        exclusionReason: null,
      });
      many.push({
        contractId: `b${i}`,
        accountId: i,
        startDate: formatDay(end),
        endDate: formatDay(addMonthsToDay(end, 12)),
        arrMinor: 110,
        currency: 'USD',
        exclusionReason: null,
      });
    }
    const years = renewalRates(renewalOutcomes(many, FX, SETTINGS, '2025-12-31'), 'year');
    const renewed = years.reduce((n, r) => n + r.renewed, 0);
    assert.equal(renewed, 100_000);
    assert.equal(
      years.reduce((n, r) => n + r.due, 0),
      200_000,
    );
    const first = years.find((r) => r.renewed > 0);
    assert.ok(first?.netAmountRate !== null && Math.abs((first?.netAmountRate ?? 0) - 1.1) < 1e-9);
  });
});
