import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDay } from '../period.ts';
import { activeUserAverages, activeUsersBetween, usageTrend, type UserActivity } from './activity.ts';
import type { FeatureDefinition } from './catalog.ts';
import { accountAdoption, usageFromRows } from './metrics.ts';
import { mrrInMonth, outcomeOf, retentionByLevel } from './segments.ts';
import {
  adoptionLevel,
  adoptionSettingsFromEnv,
  compareLevels,
  DEFAULT_ADOPTION_SETTINGS,
  levelOf,
} from './settings.ts';

const AS_OF = parseDay('2026-03-31');

const feature = (key: string, module: string, plans: string[] = [], milestoneDays: 30 | 90 | null = null) =>
  ({ key, name: key, module, event: key, propertyFilter: {}, plans, milestoneDays }) satisfies FeatureDefinition;

const CATALOG = [
  feature('a', 'm1', [], 30),
  feature('b', 'm1'),
  feature('c', 'm2', ['Pro']),
  feature('d', 'm2', ['Pro'], 90),
  feature('e', 'm3'),
];

/** Users with active days in the 120 days before asOf. */
const usersArb = fc.array(
  fc.record({
    userKey: fc.string({ minLength: 1, maxLength: 4 }),
    days: fc.array(fc.integer({ min: AS_OF - 120, max: AS_OF }), { maxLength: 20 }),
  }),
  { maxLength: 8 },
);

const rowsArb = fc.array(
  fc.record({
    day: fc.integer({ min: AS_OF - 150, max: AS_OF + 5 }),
    userKey: fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5'),
    feature: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'event:X', 'gone'),
    events: fc.integer({ min: 1, max: 9 }),
  }),
  { maxLength: 60 },
);

describe('active users', () => {
  it('averages DAU ≤ WAU ≤ MAU over any window, stickiness between 0 and 1', () => {
    fc.assert(
      fc.property(usersArb, fc.integer({ min: 1, max: 90 }), (users: UserActivity[], windowDays) => {
        const a = activeUserAverages(users, AS_OF, windowDays);
        assert.ok(a.dau <= a.wau + 1e-12 && a.wau <= a.mau + 1e-12, JSON.stringify(a));
        // Every average is at most the distinct users seen in the window and the 29 days before it.
        assert.ok(a.mau <= activeUsersBetween(users, AS_OF - windowDays - 28, AS_OF) + 1e-12);
        if (a.stickiness !== null) assert.ok(a.stickiness >= 0 && a.stickiness <= 1);
        else assert.equal(a.mau, 0);
      }),
    );
  });

  it('raises the decline flag exactly when the 4-week active users fell by the set rate or more', () => {
    fc.assert(
      fc.property(usersArb, fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 6 }), (users, pct, min) => {
        const trend = usageTrend(users, AS_OF, { declineWeeks: 4, declineRate: pct / 100, declineMinActiveUsers: min });
        const recent = activeUsersBetween(users, AS_OF - 27, AS_OF);
        const previous = activeUsersBetween(users, AS_OF - 55, AS_OF - 28);
        assert.equal(trend.declining, previous >= min && (previous - recent) * 100 >= pct * previous);
      }),
    );
  });

  it('does not call one or two users going quiet a decline (minimum active users, default 3)', () => {
    const user = (id: string, days: number[]): UserActivity => ({ userKey: id, days });
    const settings = DEFAULT_ADOPTION_SETTINGS;
    assert.equal(settings.declineMinActiveUsers, 3);
    const before = AS_OF - 40;
    const oneToNone = usageTrend([user('a', [before])], AS_OF, settings);
    assert.deepEqual(oneToNone, { recentActiveUsers: 0, previousActiveUsers: 1, change: -1, declining: false });
    const twoToNone = usageTrend([user('a', [before]), user('b', [before])], AS_OF, settings);
    assert.equal(twoToNone.declining, false);
    const threeToOne = usageTrend(
      [user('a', [before, AS_OF]), user('b', [before]), user('c', [before])],
      AS_OF,
      settings,
    );
    assert.equal(threeToOne.declining, true);
    assert.equal(adoptionSettingsFromEnv({ TENURE_ADOPTION_DECLINE_MIN_USERS: '1' }).declineMinActiveUsers, 1);
    assert.throws(
      () => adoptionSettingsFromEnv({ TENURE_ADOPTION_DECLINE_MIN_USERS: '0' }),
      /TENURE_ADOPTION_DECLINE_MIN_USERS must be a whole number from 1/,
    );
  });
});

describe('account adoption', () => {
  it('keeps the feature usage rate between 0 and 1 and counts only features of the plan', () => {
    fc.assert(
      fc.property(rowsArb, fc.constantFrom('Basic', 'Pro', null), fc.integer({ min: 1, max: 60 }), (rows, plan, w) => {
        const settings = { ...DEFAULT_ADOPTION_SETTINGS, windowDays: w };
        const usage = usageFromRows(rows, AS_OF, w);
        const facts = { accountId: 1, plan, licensedSeats: 3, firstPaidDay: AS_OF - 100 };
        const a = accountAdoption({ asOf: AS_OF, settings, catalog: CATALOG, facts, usage });
        assert.equal(a.featuresIncluded, plan === 'Pro' ? 5 : 3);
        assert.ok(a.featureUsageRate !== null && a.featureUsageRate >= 0 && a.featureUsageRate <= 1);
        const used = new Set<string>(rows.filter((r) => r.day > AS_OF - w && r.day <= AS_OF).map((r) => r.feature));
        const expected = CATALOG.filter(
          (f) => (f.plans.length === 0 || f.plans.includes(plan ?? '')) && used.has(f.key),
        );
        assert.equal(a.featuresUsed, expected.length);
        assert.equal(
          a.modules.reduce((n, m) => n + m.used, 0),
          a.featuresUsed,
        );
        for (const m of a.modules) if (m.breadth !== null) assert.ok(m.breadth >= 0 && m.breadth <= 1);
      }),
    );
  });

  it('reaches a milestone only by a first use within its horizon', () => {
    const rows = [
      { day: AS_OF - 80, userKey: 'u', feature: 'a', events: 1 }, // 20 days after the first paid day
      { day: AS_OF - 5, userKey: 'u', feature: 'd', events: 1 }, // 95 days after: too late for 90
    ];
    const facts = { accountId: 1, plan: 'Pro', licensedSeats: null, firstPaidDay: AS_OF - 100 };
    const a = accountAdoption({
      asOf: AS_OF,
      settings: DEFAULT_ADOPTION_SETTINGS,
      catalog: CATALOG,
      facts,
      usage: usageFromRows(rows, AS_OF, 30),
    });
    assert.deepEqual(a.milestones30, { total: 1, reached: 1, due: true });
    assert.deepEqual(a.milestones90, { total: 1, reached: 0, due: true });
    assert.equal(a.timeToFirstValueDays, 20);
    assert.equal(a.seatUtilization, null);
    // Without seats the level is the feature level alone: 1 of 5 features used in the window (20%) is mid.
    assert.equal(a.level, 'mid');
  });
});

describe('adoption level', () => {
  const value = fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: null });
  it('never goes down when the feature usage rate or the seat utilization goes up', () => {
    fc.assert(
      fc.property(value, value, fc.double({ min: 0, max: 1, noNaN: true }), (rate, seats, bump) => {
        const s = DEFAULT_ADOPTION_SETTINGS;
        const before = adoptionLevel(rate, seats, s);
        const moreRate = adoptionLevel(rate === null ? null : rate + bump, seats, s);
        const moreSeats = adoptionLevel(rate, seats === null ? null : seats + bump, s);
        if (before === null) {
          assert.equal(rate === null && seats === null, true);
          return;
        }
        assert.ok(compareLevels(moreRate!, before) >= 0 && compareLevels(moreSeats!, before) >= 0);
        if (rate !== null) assert.ok(compareLevels(levelOf(rate, s.featureUsageRate), before) >= 0);
      }),
    );
  });

  it('uses the documented thresholds, and reads others from the environment', () => {
    const s = DEFAULT_ADOPTION_SETTINGS;
    assert.deepEqual(
      [0.099, 0.1, 0.399, 0.4].map((r) => levelOf(r, s.featureUsageRate)),
      ['low', 'mid', 'mid', 'high'],
    );
    assert.equal(adoptionLevel(0.5, 0.2, s), 'low');
    const env = adoptionSettingsFromEnv({ TENURE_ADOPTION_DECLINE_RATE: '0.5', TENURE_ADOPTION_WINDOW_DAYS: '7' });
    assert.deepEqual([env.declineRate, env.windowDays], [0.5, 7]);
    assert.throws(
      () => adoptionSettingsFromEnv({ TENURE_ADOPTION_DECLINE_RATE: '30%' }),
      /TENURE_ADOPTION_DECLINE_RATE/,
    );
    assert.throws(
      () => adoptionSettingsFromEnv({ TENURE_ADOPTION_USAGE_RATE_MID: '0.5', TENURE_ADOPTION_USAGE_RATE_HIGH: '0.4' }),
      /must not be above/,
    );
  });
});

describe('retention by level', () => {
  it('adds the levels up to all customers, and reads NRR and GRR as sums', () => {
    const customer = (id: number, spans: [number, number, number][], churnMonths: number[] = []) => ({
      accountId: id,
      history: spans.map(([startMonth, endMonth, mrrMinor]) => ({ startMonth, endMonth, mrrMinor, plan: null })),
      movements: churnMonths.map((month) => ({
        accountId: id,
        month,
        kind: 'churn' as const,
        amountMinor: 0,
        mrrBeforeMinor: 0,
        mrrAfterMinor: 0,
        plan: null,
        sourcesBefore: [],
        sourcesAfter: [],
      })),
    });
    const a = customer(1, [[0, 24, 100]]);
    const b = customer(2, [[0, 6, 100]], [6]);
    const c = customer(3, [
      [0, 12, 100],
      [12, 24, 300],
    ]);
    assert.equal(mrrInMonth(c, 12), 300);
    const rows = retentionByLevel([outcomeOf(a, 'low', 0, 12), outcomeOf(b, 'low', 0, 12), outcomeOf(c, null, 0, 12)]);
    const low = rows.find((r) => r.level === 'low')!;
    assert.deepEqual([low.customers, low.nrr, low.grr, low.churned, low.renewalRate], [2, 0.5, 0.5, 1, 0.5]);
    const all = rows.find((r) => r.level === 'all')!;
    assert.deepEqual([all.customers, all.nrr, all.grr], [3, 4 / 3, 2 / 3]);
    assert.equal(
      rows.filter((r) => r.level !== 'all').reduce((n, r) => n + r.customers, 0),
      all.customers,
    );
  });
});
