import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { monthIndex, parseDay, type MonthIndex } from '../period.ts';
import type { CustomerLedger, Ledger, Movement } from '../revenue/ledger.ts';
import { mrrIn, ownerAt, scorecards, type OwnerStretch, type ScorecardRow } from './scorecard.ts';

type Span = [from: string, to: string | null, mrr: number];

/** A customer from spans of constant MRR ('YYYY-MM' from, exclusive 'YYYY-MM' to); movements month over month. */
function customer(accountId: number, spans: Span[], lastMonth: MonthIndex): CustomerLedger {
  const history = spans.map(([from, to, mrr]) => ({
    startMonth: monthIndex(from),
    endMonth: to === null ? lastMonth + 1 : monthIndex(to),
    mrrMinor: mrr,
    plan: null,
  }));
  const c: CustomerLedger = { accountId, history, movements: [] };
  const first = Math.min(...history.map((h) => h.startMonth));
  let paid = false;
  for (let m = first; m <= lastMonth; m++) {
    const before = mrrIn(c, m - 1);
    const after = mrrIn(c, m);
    if (before === after) continue;
    const kind: Movement['kind'] =
      before === 0
        ? paid
          ? 'reactivation'
          : 'new'
        : after === 0
          ? 'churn'
          : after > before
            ? 'expansion'
            : 'contraction';
    paid = true;
    c.movements.push({
      accountId,
      month: m,
      kind,
      amountMinor: after - before,
      mrrBeforeMinor: before,
      mrrAfterMinor: after,
      plan: null,
      sourcesBefore: [],
      sourcesAfter: [],
    });
  }
  return c;
}

const stretch = (owner: string, from: string, to: string | null = null): OwnerStretch => ({
  owner,
  from: parseDay(from),
  to: to === null ? null : parseDay(to),
});

const find = (rows: ScorecardRow[], period: string, owner: string) => {
  const row = rows.find((r) => r.period === period && r.owner === owner);
  assert.ok(row, `a row for ${period} ${owner}`);
  return row;
};

test('per-owner NRR and GRR over the trailing 12 months follow the owner at the window start (mid-year reassignment)', () => {
  const last = monthIndex('2025-12');
  const ledger: Ledger = {
    firstMonth: monthIndex('2024-01'),
    lastMonth: last,
    customers: [
      // A1: 1000 from 2024-06, 1500 from 2025-03; alice until 2025-07-01, then bob (the mid-year reassignment).
      customer(
        1,
        [
          ['2024-06', '2025-03', 1000],
          ['2025-03', null, 1500],
        ],
        last,
      ),
      // A2: 2000 from 2024-01, contracts to 1200 in 2025-11; bob throughout.
      customer(
        2,
        [
          ['2024-01', '2025-11', 2000],
          ['2025-11', null, 1200],
        ],
        last,
      ),
      // A3: 500 from 2024-03, last paid 2025-04 (churns in 2025-05); alice.
      customer(3, [['2024-03', '2025-05', 500]], last),
      // A4: new in 2025-02 at 800; alice from 2025-01-15.
      customer(4, [['2025-02', null, 800]], last),
      // A5: 300 from 2024-01, 600 from 2025-10; bob until 2025-04-01, then alice.
      customer(
        5,
        [
          ['2024-01', '2025-10', 300],
          ['2025-10', null, 600],
        ],
        last,
      ),
    ],
  };
  const ownership = new Map<number, OwnerStretch[]>([
    [1, [stretch('alice@x.io', '2024-01-01', '2025-07-01'), stretch('bob@x.io', '2025-07-01')]],
    [2, [stretch('bob@x.io', '2024-01-01')]],
    [3, [stretch('alice@x.io', '2024-01-01')]],
    [4, [stretch('alice@x.io', '2025-01-15')]],
    [5, [stretch('bob@x.io', '2024-01-01', '2025-04-01'), stretch('alice@x.io', '2025-04-01')]],
  ]);
  const rows = scorecards({
    ledger,
    ownership,
    interval: 'quarter',
    asOfDay: parseDay('2025-12-31'),
    periods: 3,
    targets: new Map([['alice@x.io', new Map([['2025-Q4', 600]])]]),
  });
  assert.deepEqual([...new Set(rows.map((r) => r.period))], ['2025-Q2', '2025-Q3', '2025-Q4']);

  // 2025-Q4: the window is 2025-01..2025-12, the cohort is who paid in 2024-12, by owner on 2025-01-01.
  const alice = find(rows, '2025-Q4', 'alice@x.io');
  // alice's cohort: A1 1000 + A3 500 = 1500; in 2025-12: A1 1500 + A3 0 = 1500 → NRR 1500/1500 = 1.
  // A1 counts to alice although bob holds it since July: the reassignment does not move last year's book.
  assert.equal(alice.nrrStartMrrMinor, 1500);
  assert.equal(alice.nrrEndMrrMinor, 1500);
  assert.equal(alice.nrr12m, 1);
  // GRR: min(1000, 1500) + min(500, 0) = 1000 → 1000/1500 = 0.6667.
  assert.equal(alice.grr12m, 1000 / 1500);
  const bob = find(rows, '2025-Q4', 'bob@x.io');
  // bob's cohort: A2 2000 + A5 300 = 2300 (A5 was bob's on 2025-01-01); in 2025-12: A2 1200 + A5 600 = 1800.
  // NRR 1800/2300 = 0.7826; GRR min(2000,1200) + min(300,600) = 1500 → 1500/2300 = 0.6522.
  assert.equal(bob.nrr12m, 1800 / 2300);
  assert.equal(bob.grr12m, 1500 / 2300);

  // ARR at 2025-12-31 by the owner then: alice A4 800 + A5 600 → 16 800 × …; bob A1 1500 + A2 1200.
  assert.equal(alice.arrMinor, (800 + 600) * 12);
  assert.equal(alice.accounts, 2);
  assert.equal(bob.arrMinor, (1500 + 1200) * 12);
  assert.equal(bob.accounts, 2);

  // Q4 movements by the owner on 2025-10-01: A5's +300 (2025-10) to alice; A2's −800 (2025-11) to bob.
  assert.equal(alice.expansionMrrMinor, 300);
  assert.equal(alice.contractionMrrMinor, 0);
  assert.equal(bob.contractionMrrMinor, 800);
  assert.equal(bob.expansionMrrMinor, 0);
  // alice's Q4 target 600: attainment 300/600 = 0.5; bob has no target.
  assert.equal(alice.expansionTargetMinor, 600);
  assert.equal(alice.attainment, 0.5);
  assert.equal(bob.expansionTargetMinor, null);
  assert.equal(bob.attainment, null);

  // 2025-Q2: A3 churns in 2025-05 (−500, one logo) while alice holds it.
  const aliceQ2 = find(rows, '2025-Q2', 'alice@x.io');
  assert.equal(aliceQ2.churnMrrMinor, 500);
  assert.equal(aliceQ2.logoChurn, 1);
  // Q2's window 2024-07..2025-06, cohort paying in 2024-06 by owner on 2024-07-01:
  // alice A1 1000 + A3 500 = 1500 → in 2025-06 A1 1500 + A3 0 = 1500: NRR 1; GRR 1000/1500.
  assert.equal(aliceQ2.nrr12m, 1);
  assert.equal(aliceQ2.grr12m, 1000 / 1500);
  // bob A2 2000 + A5 300 = 2300 → in 2025-06 2000 + 300 = 2300: NRR 1, GRR 1.
  const bobQ2 = find(rows, '2025-Q2', 'bob@x.io');
  assert.equal(bobQ2.nrr12m, 1);
  assert.equal(bobQ2.grr12m, 1);
  // Q2's ARR at 2025-06-30: A1 (alice) 1500, A4 (alice) 800, A5 (alice since 04-01) 300; A2 (bob) 2000.
  assert.equal(aliceQ2.arrMinor, (1500 + 800 + 300) * 12);
  assert.equal(bobQ2.arrMinor, 2000 * 12);
});

test('before its first recorded owner an account counts to that owner; after an owner is cleared, to nobody', () => {
  const s = [stretch('a', '2025-03-01', '2025-05-01')];
  assert.equal(ownerAt(s, parseDay('2025-01-01')), 'a');
  assert.equal(ownerAt(s, parseDay('2025-04-30')), 'a');
  assert.equal(ownerAt(s, parseDay('2025-05-01')), '');
  assert.equal(ownerAt(undefined, parseDay('2025-05-01')), '');
});

test("the owners' ARR adds up to the company's ARR in every period, whatever the ownership history", () => {
  const last = monthIndex('2025-12');
  const base = monthIndex('2023-01');
  const spanArb = fc.tuple(
    fc.integer({ min: 0, max: 35 }),
    fc.integer({ min: 1, max: 36 }),
    fc.integer({ min: 1, max: 100_000 }),
  );
  const stretchArb = fc.tuple(fc.constantFrom('a', 'b', 'c', ''), fc.integer({ min: 0, max: 1100 }), fc.boolean());
  const customerArb = fc.tuple(fc.array(spanArb, { maxLength: 3 }), fc.array(stretchArb, { maxLength: 4 }));
  fc.assert(
    fc.property(
      fc.array(customerArb, { maxLength: 12 }),
      fc.constantFrom('month' as const, 'quarter' as const),
      fc.integer({ min: 0, max: 40 }),
      (customers, interval, asOfOffset) => {
        const asOfDay = parseDay('2025-12-31') - asOfOffset;
        const ledgerLast = Math.min(last, monthIndex(new Date(asOfDay * 86_400_000).toISOString().slice(0, 7)));
        const ownership = new Map<number, OwnerStretch[]>();
        const ledger: Ledger = { firstMonth: base, lastMonth: ledgerLast, customers: [] };
        customers.forEach(([spans, stretches], id) => {
          // Non-overlapping spans: each starts after the previous ends.
          let cursor = base;
          const history = [];
          for (const [gap, length, mrr] of spans) {
            const start = cursor + gap;
            const end = Math.min(start + length, ledgerLast + 1);
            if (start > ledgerLast) break;
            history.push({ startMonth: start, endMonth: end, mrrMinor: mrr, plan: null });
            cursor = end + 1;
          }
          ledger.customers.push({ accountId: id, history, movements: [] });
          let day = parseDay('2023-01-01');
          const list: OwnerStretch[] = [];
          for (const [owner, gap, closed] of stretches) {
            const from = day + gap;
            const to = closed ? from + 30 : null;
            list.push({ owner, from, to });
            if (to === null) break;
            day = to;
          }
          ownership.set(id, list);
        });
        const rows = scorecards({ ledger, ownership, interval, asOfDay, periods: interval === 'month' ? 24 : 8 });
        for (const period of new Set(rows.map((r) => r.period))) {
          const mine = rows.filter((r) => r.period === period);
          const endMonth = Math.min(
            last,
            ledgerLast,
            period.includes('Q')
              ? Number(period.slice(0, 4)) * 12 + (Number(period.slice(6)) - 1) * 3 + 2
              : monthIndex(period),
          );
          const company = ledger.customers.reduce((sum, c) => sum + mrrIn(c, endMonth) * 12, 0);
          const paying = ledger.customers.filter((c) => mrrIn(c, endMonth) > 0).length;
          assert.equal(
            mine.reduce((s, r) => s + r.arrMinor, 0),
            company,
          );
          assert.equal(
            mine.reduce((s, r) => s + r.accounts, 0),
            paying,
          );
          assert.equal(new Set(mine.map((r) => r.owner)).size, mine.length, 'one row per owner and period');
        }
      },
    ),
    { numRuns: 300 },
  );
});
