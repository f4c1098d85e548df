import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as fixture from '../../../test/helpers/health-history.ts';
import { dayOf, lastDayOfMonth, monthIndex } from '../period.ts';
import { EXPANSION_FEATURES, expansionFeatures, expansionLabel } from './expansion-features.ts';
import type { AccountHistory, UsageRow } from './features.ts';

const T = lastDayOfMonth(monthIndex('2026-03'));
const SETTINGS = fixture.featureSettings([]);

const historyOf = (usage: UsageRow[], surveys: AccountHistory['surveys'], periods: readonly fixture.Period[]) =>
  fixture.accountHistory({ segment: null, usage, surveys, contracts: [], periods, annual: () => false });

const valuesOf = (history: AccountHistory, periods: readonly fixture.Period[]) =>
  expansionFeatures({ history, ledger: fixture.ledgerOf(periods, T), asOfDay: T }, SETTINGS);

const usageRow = (from: number, to: number) => fixture.usageRow(from, to, 12);
const survey = (from: number, to: number) => fixture.survey(from, to, { min: 0, max: 10 });

describe('expansion features', () => {
  it('reads nothing after the month end: changing only later data leaves the features identical', () => {
    const past = T - 500;
    fc.assert(
      fc.property(
        fc.array(usageRow(past, T), { maxLength: 60 }),
        fc.array(survey(past, T), { maxLength: 4 }),
        fc.array(fixture.period(past, T), { maxLength: 3 }),
        fc.array(usageRow(T + 1, T + 200), { maxLength: 40 }),
        fc.array(survey(T + 1, T + 200), { maxLength: 4 }),
        fc.array(fixture.period(T + 1, T + 200), { maxLength: 2 }),
        (usage, surveys, periods, laterUsage, laterSurveys, laterPeriods) => {
          const before = valuesOf(historyOf(usage, surveys, periods), periods);
          const all = [...periods, ...laterPeriods];
          const after = valuesOf(historyOf([...usage, ...laterUsage], [...surveys, ...laterSurveys], all), all);
          assert.equal(before.length, EXPANSION_FEATURES.length);
          assert.deepEqual(after, before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads seats near the licence, growth, features beyond the plan and a promoter', () => {
    const usage: UsageRow[] = [];
    // 4 users a day in the 30 days that ended 60 days before T, 9 of 10 seats in the last 30 days; a Basic
    // account using 'b', which only Pro includes.
    for (let d = T - 89; d <= T - 60; d++)
      for (let u = 0; u < 4; u++) usage.push({ day: d, user: u, feature: 'a', events: 1 });
    for (let d = T - 29; d <= T; d++)
      for (let u = 0; u < 9; u++) usage.push({ day: d, user: u, feature: u ? 'a' : 'b', events: 1 });
    const periods: fixture.Period[] = [
      { start: dayOf('2025-06-01'), months: null, amount: 10_000, plan: 'Basic', quantity: 10 },
    ];
    const history = historyOf(usage, [{ kind: 'nps', score: 10, day: T - 5 }], periods);
    const values = valuesOf(history, periods);
    const of = (name: (typeof EXPANSION_FEATURES)[number]) => values[EXPANSION_FEATURES.indexOf(name)];
    assert.equal(of('seat_headroom'), 1);
    assert.equal(of('seats_near_licence'), 1);
    assert.equal(of('seat_utilization_7d'), 0.9);
    assert.ok(Math.abs((of('seat_utilization_change_60d') ?? 0) - 0.5) < 1e-9);
    assert.equal(of('features_beyond_plan'), 1);
    assert.equal(of('feature_breadth_90d'), 1);
    assert.equal(of('active_users_growth_90d'), 9 / 4);
    assert.equal(of('nps_promoter'), 1);
    assert.ok(Number.isNaN(of('months_since_expansion')));
  });
});

describe('expansion label', () => {
  const month = monthIndex('2026-01');
  const start = dayOf('2025-06-01');
  const ledger = (periods: fixture.Period[]) => fixture.ledgerOf(periods, dayOf('2026-12-31'));

  it('is 1 when an expansion falls within the horizon after the month end, 0 when later or never', () => {
    const grows = (after: number) =>
      ledger([
        { start, months: 8 + after, amount: 1000, plan: 'Pro', quantity: 1 },
        { start: start + 30 * (8 + after), months: null, amount: 1500, plan: 'Pro', quantity: 2 },
      ]);
    assert.equal(expansionLabel(grows(1), month, 3, month + 6), 1);
    assert.equal(expansionLabel(grows(6), month, 3, month + 9), 0);
    const flat = ledger([{ start, months: null, amount: 1000, plan: 'Pro', quantity: 1 }]);
    assert.equal(expansionLabel(flat, month, 3, month + 6), 0);
  });

  it('is null before the horizon is over and for an account not paying at the month end', () => {
    const flat = ledger([{ start, months: null, amount: 1000, plan: 'Pro', quantity: 1 }]);
    assert.equal(expansionLabel(flat, month, 3, month + 2), null);
    assert.equal(expansionLabel(flat, monthIndex('2025-03'), 3, month + 6), null);
  });
});
