import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  accountHistory,
  featureSettings,
  dayIn,
  ledgerOf,
  period,
  survey as surveyOf,
  usageRow as usageOf,
  type Period,
} from '../../../test/helpers/health-history.ts';
import { DEFAULT_ADOPTION_SETTINGS } from '../adoption/settings.ts';
import { dayOf, lastDayOfMonth, monthIndex } from '../period.ts';
import { featureNames, pointInTimeFeatures, usageDeclining, type AccountHistory, type UsageRow } from './features.ts';
import { horizonMonths, labelsAt } from './labels.ts';
import type { TicketEvent } from './ticket-features.ts';

const T = lastDayOfMonth(monthIndex('2026-03'));
const SETTINGS = featureSettings(['SMB'], true);

const historyOf = (
  usage: UsageRow[],
  surveys: AccountHistory['surveys'],
  contracts: AccountHistory['contracts'],
  periods: readonly Period[],
  tickets: readonly TicketEvent[] = [],
) => accountHistory({ segment: 'SMB', usage, surveys, contracts, periods, annual: (p) => p.months === 12, tickets });

const features = (history: AccountHistory, periods: readonly Period[]) =>
  pointInTimeFeatures({ history, ledger: ledgerOf(periods, T), asOfDay: T }, SETTINGS);

const usageRow = (from: number, to: number) => usageOf(from, to, 6);
const survey = (from: number, to: number) => surveyOf(from, to, { min: 1, max: 5 });
const contract = (from: number, to: number) =>
  fc.record({ startDay: dayIn(from, to), length: fc.integer({ min: 30, max: 400 }) }).map((c) => ({
    startDay: c.startDay,
    endDay: c.startDay + c.length,
  }));
const ticket = (from: number, to: number) =>
  fc
    .record({
      openedDay: dayIn(from, to),
      open: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
      priority: fc.constantFrom(null, 'low', 'normal', 'high', 'urgent'),
      csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    })
    .map((t): TicketEvent => ({
      openedDay: t.openedDay,
      closedDay: t.open === null ? null : t.openedDay + t.open,
      priority: t.priority,
      csat: t.csat,
    }));

/** What changes later about a ticket opened by T: one closed after T may close on another later day, rated otherwise. */
function laterFate(t: TicketEvent, shift: number, csat: number | null): TicketEvent {
  if (t.closedDay === null || t.closedDay <= T)
    return t.closedDay === null && shift > 60 ? { ...t, closedDay: T + shift, csat } : t;
  return { ...t, closedDay: T + 1 + ((t.closedDay - T + shift) % 150), csat };
}

describe('point-in-time features', () => {
  it('has one name per value', () => {
    const history = historyOf([], [], [], []);
    assert.equal(featureNames(SETTINGS).length, features(history, []).length);
  });

  it('reads nothing after the month end: changing only later data leaves the features identical', () => {
    const past = T - 500;
    fc.assert(
      fc.property(
        fc.array(usageRow(past, T), { maxLength: 60 }),
        fc.array(survey(past, T), { maxLength: 4 }),
        fc.array(contract(past, T), { maxLength: 2 }),
        fc.array(period(past, T), { maxLength: 3 }),
        fc.array(usageRow(T + 1, T + 200), { maxLength: 40 }),
        fc.array(survey(T + 1, T + 200), { maxLength: 4 }),
        fc.array(contract(T + 1, T + 200), { maxLength: 2 }),
        fc.array(period(T + 1, T + 200), { maxLength: 2 }),
        fc.record({
          tickets: fc.array(ticket(past, T), { maxLength: 12 }),
          laterTickets: fc.array(ticket(T + 1, T + 200), { maxLength: 6 }),
          shift: fc.integer({ min: 1, max: 120 }),
          csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
        }),
        (usage, surveys, contracts, periods, laterUsage, laterSurveys, laterContracts, laterPeriods, support) => {
          const before = features(historyOf(usage, surveys, contracts, periods, support.tickets), periods);
          const allPeriods = [...periods, ...laterPeriods];
          const tickets = [
            ...support.tickets.map((t) => laterFate(t, support.shift, support.csat)),
            ...support.laterTickets,
          ];
          const after = features(
            historyOf(
              [...usage, ...laterUsage],
              [...surveys, ...laterSurveys],
              [...contracts, ...laterContracts],
              allPeriods,
              tickets,
            ),
            allPeriods,
          );
          assert.deepEqual(after, before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads usage windows, the adoption level, MRR movements, the renewal and the latest NPS', () => {
    const usage: UsageRow[] = [];
    // 10 users a day over the 90 days before T, only 4 in the last 30 days.
    for (let d = T - 89; d <= T; d++) {
      const users = d > T - 30 ? 4 : 10;
      for (let u = 0; u < users; u++) usage.push({ day: d, user: u, feature: u % 2 ? 'a' : 'b', events: 2 });
    }
    const periods: Period[] = [
      { start: dayOf('2025-01-10'), months: 12, amount: 50_000, plan: 'Pro', quantity: 10 },
      { start: dayOf('2025-01-10') + 360, months: 12, amount: 30_000, plan: 'Pro', quantity: 10 },
    ];
    const history = historyOf(usage, [{ kind: 'nps', score: 3, day: dayOf('2026-02-02') }], [], periods);
    const values = features(history, periods);
    const of = (name: string) => values[featureNames(SETTINGS).indexOf(name)];
    assert.equal(of('active_users_30d'), 4);
    assert.equal(of('active_users_90d'), 10);
    assert.equal(of('users_30d_vs_prior_30d'), 0.4);
    assert.equal(of('seats'), 10);
    assert.equal(of('seat_utilization'), 0.4);
    assert.equal(of('feature_usage_rate'), 1);
    assert.equal(of('adoption_level'), 1); // mid: 40% of seats
    assert.equal(of('contractions_12m'), 1);
    assert.equal(of('mrr'), 300);
    assert.equal(of('annual_billing'), 1);
    assert.equal(of('days_to_renewal'), dayOf('2025-01-10') + 720 - T);
    assert.equal(of('nps_detractor'), 1);
    assert.equal(of('days_since_nps'), T - dayOf('2026-02-02'));
    assert.equal(of('plan=Pro'), 1);
    assert.equal(of('plan=Basic'), 0);
    assert.equal(usageDeclining(usage, T, DEFAULT_ADOPTION_SETTINGS), 1);
  });

  it('reads support load: tickets opened in 30 and 90 days, high priority still open, CSAT of tickets closed', () => {
    const tickets: TicketEvent[] = [
      { openedDay: T - 5, closedDay: null, priority: 'urgent', csat: null },
      { openedDay: T - 20, closedDay: T + 3, priority: 'high', csat: 1 }, // open on T: its CSAT came later
      { openedDay: T - 40, closedDay: T - 30, priority: 'high', csat: 2 },
      { openedDay: T - 80, closedDay: T - 70, priority: 'low', csat: 4 },
      { openedDay: T - 200, closedDay: T - 150, priority: 'high', csat: 5 }, // closed too long ago
      { openedDay: T + 2, closedDay: null, priority: 'urgent', csat: null }, // later
    ];
    const values = features(historyOf([], [], [], [], tickets), []);
    const of = (name: string) => values[featureNames(SETTINGS).indexOf(name)];
    assert.equal(of('tickets_30d'), 2);
    assert.equal(of('tickets_90d'), 4);
    assert.equal(of('open_high_priority_tickets'), 2);
    assert.equal(of('ticket_csat_90d'), 3);
    const without = { ...SETTINGS, tickets: false };
    assert.equal(featureNames(without).includes('tickets_30d'), false);
    assert.equal(featureNames(without).length, featureNames(SETTINGS).length - 4);
  });
});

describe('churn labels', () => {
  const month = monthIndex('2026-01');
  const ledger = (periods: Period[]) => ledgerOf(periods, dayOf('2026-12-31'));
  const start = dayOf('2025-06-01');

  it('is churn when MRR falls to 0 within the horizon, contraction when it falls but stays above 0', () => {
    const churned = ledger([{ start, months: 9, amount: 1000, plan: 'Pro', quantity: 1 }]);
    assert.deepEqual(labelsAt(churned, month, 3, month + 6), { churn: 1, contraction: 0 });
    const shrunk = ledger([
      { start, months: 9, amount: 1000, plan: 'Pro', quantity: 1 },
      { start: start + 270, months: null, amount: 600, plan: 'Pro', quantity: 1 },
    ]);
    assert.deepEqual(labelsAt(shrunk, month, 3, month + 6), { churn: 0, contraction: 1 });
    const stays = ledger([{ start, months: null, amount: 1000, plan: 'Pro', quantity: 1 }]);
    assert.deepEqual(labelsAt(stays, month, 3, month + 6), { churn: 0, contraction: 0 });
  });

  it('has no label before the horizon is over, nor for an account not paying at the month end', () => {
    const stays = ledger([{ start, months: null, amount: 1000, plan: 'Pro', quantity: 1 }]);
    assert.equal(labelsAt(stays, month, 3, month + 2), null);
    assert.equal(labelsAt(stays, monthIndex('2025-04'), 3, month + 6), null);
    assert.equal(horizonMonths(90), 3);
    assert.equal(horizonMonths(10), 1);
    assert.equal(horizonMonths(365), 12);
  });
});
