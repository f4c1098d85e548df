import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { monthIndex, parseDay } from '../period.ts';
import type { CustomerLedger, Ledger } from '../revenue/ledger.ts';
import type { TierDefinition } from '../tiers/tiers.ts';
import type { BookInput, HealthBand, RenewalFact, TaskFact } from './measures.ts';
import { rollUp } from './rollup.ts';
import { mrrIn, scorecards, type OwnerStretch, type ScorecardRow } from './scorecard.ts';

const LAST = monthIndex('2025-12');
const d = parseDay;

const customer = (accountId: number, from: string, mrr: number, plan: string | null = null): CustomerLedger => ({
  accountId,
  history: [{ startMonth: monthIndex(from), endMonth: LAST + 1, mrrMinor: mrr, plan }],
  movements: [],
});

const tier = (key: string, rank: number, over: Partial<TierDefinition>): TierDefinition => ({
  key,
  name: key,
  rank,
  rules: {},
  targetAccountsPerCsm: null,
  targetArrPerCsmMinor: null,
  ...over,
});

// high: ARR ≥ 20 000 (2 accounts or 48 000 ARR per CSM); mid: ARR ≥ 5 000 (4 per CSM); tech: the rest, no target.
const TIERS = [
  tier('high', 1, { rules: { min_arr_minor: 20_000 }, targetAccountsPerCsm: 2, targetArrPerCsmMinor: 48_000 }),
  tier('mid', 2, { rules: { min_arr_minor: 5_000 }, targetAccountsPerCsm: 4 }),
  tier('tech', 3, {}),
];

// ARR: A1 12 000, A2 24 000, A3 6 000, A4 3 600.
const LEDGER: Ledger = {
  firstMonth: monthIndex('2024-06'),
  lastMonth: LAST,
  customers: [
    customer(1, '2024-06', 1000),
    customer(2, '2024-06', 2000),
    customer(3, '2024-06', 500),
    customer(4, '2025-01', 300),
  ],
};

// A1 moves from alice to bob on 2025-11-15 (mid-quarter); A4 has no owner.
const OWNERSHIP = new Map<number, OwnerStretch[]>([
  [
    1,
    [
      { owner: 'alice@x.io', from: d('2024-01-01'), to: d('2025-11-15') },
      { owner: 'bob@x.io', from: d('2025-11-15'), to: null },
    ],
  ],
  [2, [{ owner: 'bob@x.io', from: d('2024-01-01'), to: null }]],
  [3, [{ owner: 'alice@x.io', from: d('2024-01-01'), to: null }]],
]);

const renewal = (accountId: number, due: string, status: RenewalFact['status'], dueArr: number, renewed: number) => ({
  accountId,
  dueDay: d(due),
  status,
  dueArrMinor: dueArr,
  renewedArrMinor: renewed,
});

const task = (assignee: string, created: string, due: string | null, finished: string | null, done: boolean) =>
  ({
    assignee,
    createdDay: d(created),
    dueDay: due === null ? null : d(due),
    finishedDay: finished === null ? null : d(finished),
    done,
  }) satisfies TaskFact;

const BOOK: BookInput = {
  tiers: TIERS,
  accounts: new Map([
    // A3 set to high by hand from 2025-08-01 to 2025-09-30: high at Q3's end, mid again at Q4's.
    [
      3,
      { segment: null, icpFit: null, override: { tierKey: 'high', fromDay: d('2025-08-01'), expiresOn: '2025-09-30' } },
    ],
  ]),
  renewals: [
    renewal(1, '2025-11-01', 'renewed', 12_000, 15_000),
    renewal(1, '2025-10-20', 'renewed', 6_000, 4_000),
    renewal(3, '2025-12-15', 'pending', 6_000, 0),
    renewal(2, '2025-12-01', 'churned', 24_000, 0),
  ],
  healthAt: new Map<string, Map<number, HealthBand>>([
    [
      '2025-Q3',
      new Map<number, HealthBand>([
        [1, 'green'],
        [2, 'red'],
      ]),
    ],
    [
      '2025-Q4',
      new Map<number, HealthBand>([
        [1, 'red'],
        [2, 'green'],
        [3, 'yellow'],
      ]),
    ],
  ]),
  answers: [
    { accountId: 1, day: d('2025-10-05'), score: 6 },
    { accountId: 1, day: d('2025-11-20'), score: 10 },
    { accountId: 2, day: d('2025-11-02'), score: 9 },
    { accountId: 3, day: d('2025-12-02'), score: 8 },
  ],
  tasks: [
    task('alice@x.io', '2025-10-01', '2025-10-15', '2025-11-01', true),
    task('alice@x.io', '2025-09-01', '2025-09-15', null, false),
    task('bob@x.io', '2025-08-01', '2025-09-01', '2025-10-10', true),
    task('carol@x.io', '2025-11-01', '2025-11-10', '2025-12-01', false),
    task('carol@x.io', '2025-12-01', '2025-12-20', null, false),
  ],
};

const find = (rows: ScorecardRow[], period: string, owner: string) => {
  const row = rows.find((r) => r.period === period && r.owner === owner);
  assert.ok(row, `a row for ${period} ${owner}`);
  return row;
};

const rows = scorecards({
  ledger: LEDGER,
  ownership: OWNERSHIP,
  interval: 'quarter',
  asOfDay: d('2025-12-31'),
  periods: 2,
  book: BOOK,
});

test('tier mix and coverage at the period end, with a hand-set tier only while it held', () => {
  const bob = find(rows, '2025-Q4', 'bob@x.io');
  assert.deepEqual(
    bob.tierMix.map((e) => [e.tier, e.accounts, e.arrMinor]),
    [
      ['high', 1, 24_000],
      ['mid', 1, 12_000],
    ],
  );
  // 1 of 2 high accounts + 1 of 4 mid ones = 0.75 of a book; ARR: 24 000 of 48 000 (mid has no ARR target).
  assert.equal(bob.coverageAccounts, 0.75);
  assert.equal(bob.coverageArr, 0.5);
  const alice = find(rows, '2025-Q4', 'alice@x.io');
  assert.deepEqual(
    alice.tierMix.map((e) => e.tier),
    ['mid'],
  );
  assert.equal(alice.coverageAccounts, 0.25);
  assert.equal(alice.coverageArr, 0);
  const aliceQ3 = find(rows, '2025-Q3', 'alice@x.io');
  assert.deepEqual(
    aliceQ3.tierMix.map((e) => [e.tier, e.accounts, e.arrMinor]),
    [
      ['high', 1, 6_000],
      ['mid', 1, 12_000],
    ],
  );
  assert.equal(aliceQ3.coverageArr, 6_000 / 48_000);
  assert.deepEqual(
    find(rows, '2025-Q4', '').tierMix.map((e) => [e.tier, e.arrMinor]),
    [['tech', 3_600]],
  );
});

test('health mix and ARR at risk on the period end day, by the owner then', () => {
  const bob = find(rows, '2025-Q4', 'bob@x.io');
  assert.deepEqual(
    [bob.healthRedAccounts, bob.healthRedArrMinor, bob.healthGreenArrMinor, bob.arrAtRiskMinor],
    [1, 12_000, 24_000, 12_000],
  );
  const alice = find(rows, '2025-Q4', 'alice@x.io');
  assert.deepEqual([alice.healthYellowAccounts, alice.healthYellowArrMinor, alice.arrAtRiskMinor], [1, 6_000, 0]);
  assert.deepEqual([find(rows, '2025-Q4', '').healthUnscoredAccounts], [1]);
  const aliceQ3 = find(rows, '2025-Q3', 'alice@x.io');
  assert.deepEqual([aliceQ3.healthGreenArrMinor, aliceQ3.healthUnscoredArrMinor], [12_000, 6_000]);
  assert.equal(find(rows, '2025-Q3', 'bob@x.io').arrAtRiskMinor, 24_000);
});

test('renewals due and NPS answers count to the owner on the period’s first day', () => {
  const alice = find(rows, '2025-Q4', 'alice@x.io');
  // A1's two renewals (alice held A1 on 2025-10-01) and A3's pending one.
  assert.deepEqual(
    [alice.renewalsDue, alice.renewalsRenewed, alice.renewalsChurned, alice.renewalsPending],
    [3, 2, 0, 1],
  );
  assert.equal(alice.renewalRate, 1);
  // kept: min(12 000, 15 000) + min(6 000, 4 000) = 16 000 of 18 000; net 19 000 of 18 000.
  assert.equal(alice.renewalRateAmount, 16_000 / 18_000);
  assert.equal(alice.renewalRateAmountNet, 19_000 / 18_000);
  const bob = find(rows, '2025-Q4', 'bob@x.io');
  assert.deepEqual([bob.renewalsDue, bob.renewalRate, bob.renewalRateAmount], [1, 0, 0]);
  // alice: 6 (detractor), 10 (promoter, given after A1 moved to bob), 8 (passive) → NPS 0; bob: 9 → 100.
  assert.deepEqual([alice.npsAnswers, alice.npsPromoters, alice.npsDetractors, alice.nps], [3, 1, 1, 0]);
  assert.equal(bob.nps, 100);
  assert.equal(find(rows, '2025-Q3', 'alice@x.io').nps, null);
});

test('tasks done in the period and overdue at its end, to their assignee', () => {
  assert.deepEqual(
    rows.map((r) => [r.period, r.owner, r.tasksDone, r.tasksOverdue]),
    [
      ['2025-Q3', '', 0, 0],
      ['2025-Q3', 'alice@x.io', 0, 1],
      ['2025-Q3', 'bob@x.io', 0, 1],
      ['2025-Q4', '', 0, 0],
      ['2025-Q4', 'alice@x.io', 1, 1],
      ['2025-Q4', 'bob@x.io', 1, 0],
      // carol has no book: her row holds her overdue task (the cancelled one counts nowhere).
      ['2025-Q4', 'carol@x.io', 0, 1],
    ],
  );
});

test('the team roll-up sums the parts and recomputes the ratios; the company row holds everyone', () => {
  const teams = rollUp(rows, (o) => (o === 'alice@x.io' || o === 'bob@x.io' ? 'boss@x.io' : ''), TIERS);
  const q4 = teams.filter((t) => t.period === '2025-Q4');
  assert.deepEqual(
    q4.map((t) => [t.level, t.team, t.owners, t.arrMinor]),
    [
      ['team', '', 2, 3_600],
      ['team', 'boss@x.io', 2, 42_000],
      ['company', '', 4, 45_600],
    ],
  );
  const boss = q4[1];
  assert.ok(boss);
  // 2 renewed of 3 decided; answers 6, 10, 9, 8 → (2 − 1) / 4 = 25; 1 of 2 high + 2 of 4 mid = 1 book.
  assert.equal(boss.renewalRate, 2 / 3);
  assert.equal(boss.nps, 25);
  assert.equal(boss.coverageAccounts, 1);
  assert.equal(boss.arrAtRiskMinor, 12_000);
});

test("every period: owners' ARR, team ARR and the company row's ARR equal the company's ARR; mixes add up", () => {
  const bands: (HealthBand | null)[] = ['red', 'yellow', 'green', null];
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          from: fc.integer({ min: 0, max: 23 }),
          length: fc.integer({ min: 1, max: 24 }),
          mrr: fc.integer({ min: 1, max: 5_000 }),
          owners: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', ''), fc.integer({ min: 1, max: 400 })), {
            maxLength: 3,
          }),
          band: fc.constantFrom(...bands),
        }),
        { maxLength: 10 },
      ),
      fc.constantFrom('month' as const, 'quarter' as const),
      (accounts, interval) => {
        const first = monthIndex('2024-01');
        const ownership = new Map<number, OwnerStretch[]>();
        const health = new Map<number, HealthBand>();
        const ledger: Ledger = { firstMonth: first, lastMonth: LAST, customers: [] };
        accounts.forEach((a, id) => {
          const start = first + a.from;
          ledger.customers.push({
            accountId: id,
            history: [
              { startMonth: start, endMonth: Math.min(start + a.length, LAST + 1), mrrMinor: a.mrr, plan: null },
            ],
            movements: [],
          });
          let day = d('2024-01-01');
          ownership.set(
            id,
            a.owners.map(([owner, gap]) => ({ owner, from: (day += gap), to: null as number | null })),
          );
          const list = ownership.get(id) ?? [];
          list.forEach((s, i) => (s.to = list[i + 1]?.from ?? null));
          if (a.band) health.set(id, a.band);
        });
        const periods = interval === 'month' ? 24 : 8;
        const healthAt = new Map<string, Map<number, HealthBand>>();
        const book: BookInput = { ...BOOK, accounts: new Map(), healthAt, renewals: [], answers: [], tasks: [] };
        const probe = scorecards({ ledger, ownership, interval, asOfDay: d('2025-12-31'), periods });
        for (const p of new Set(probe.map((r) => r.period))) healthAt.set(p, health);
        const out = scorecards({ ledger, ownership, interval, asOfDay: d('2025-12-31'), periods, book });
        const teams = rollUp(out, (o) => (o === 'a' || o === 'b' ? 'm' : ''), TIERS);
        for (const period of new Set(out.map((r) => r.period))) {
          const mine = out.filter((r) => r.period === period);
          const endMonth = monthOfPeriod(period);
          const company = ledger.customers.reduce((s, c) => s + mrrIn(c, endMonth) * 12, 0);
          assert.equal(
            mine.reduce((s, r) => s + r.arrMinor, 0),
            company,
          );
          const rolled = teams.filter((t) => t.period === period);
          assert.equal(
            rolled.filter((t) => t.level === 'team').reduce((s, t) => s + t.arrMinor, 0),
            company,
          );
          assert.equal(rolled.find((t) => t.level === 'company')?.arrMinor, company);
          for (const r of mine) {
            assert.equal(
              r.tierMix.reduce((s, e) => s + e.arrMinor, 0),
              r.arrMinor,
            );
            const mix = r.healthGreenArrMinor + r.healthYellowArrMinor + r.healthRedArrMinor + r.healthUnscoredArrMinor;
            assert.equal(mix, r.arrMinor);
          }
        }
      },
    ),
    { numRuns: 200 },
  );
});

/** The last month of a 'YYYY-MM' or 'YYYY-Qn' period. */
function monthOfPeriod(period: string): number {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  return q ? Number(q[1]) * 12 + Number(q[2]) * 3 - 1 : monthIndex(period);
}
