import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { planLadder, suggestMove } from './expansion-moves.ts';

const LADDER = planLadder([
  { plan: 'Growth', seats: 10, mrrMinor: 39_000 },
  { plan: 'Starter', seats: 4, mrrMinor: 6_000 },
  { plan: 'Growth', seats: 20, mrrMinor: 78_000 },
  { plan: 'Business', seats: 30, mrrMinor: 207_000 },
  { plan: 'Starter', seats: 0, mrrMinor: 1_000 },
]);

describe('suggested expansion moves', () => {
  it('ranks plans by their median price per seat', () => {
    assert.deepEqual(LADDER, [
      { plan: 'Starter', seatPriceMinor: 1500 },
      { plan: 'Growth', seatPriceMinor: 3900 },
      { plan: 'Business', seatPriceMinor: 6900 },
    ]);
  });

  it('adds seats when active users fill the licence, at the account’s own seat price', () => {
    const move = suggestMove(
      { plan: 'Growth', seats: 10, activeUsers: 10, mrrMinor: 39_000, featuresBeyondPlan: 0 },
      LADDER,
    );
    // 10 users at 80% need 13 seats: 3 more at 39.00 each.
    assert.deepEqual(move, { kind: 'seats', text: 'add 3 seats', seats: 3, plan: null, mrrMinor: 11_700 });
  });

  it('suggests the next plan otherwise, priced at the same discount as the account pays now', () => {
    const move = suggestMove(
      { plan: 'Growth', seats: 10, activeUsers: 5, mrrMinor: 32_500, featuresBeyondPlan: 2 },
      LADDER,
    );
    assert.equal(move?.kind, 'plan');
    assert.equal(move?.plan, 'Business');
    assert.match(move?.text ?? '', /Growth to Business.*beyond its plan/);
    // Pays 3250/seat against a list 3900: Business at the same factor is 5750/seat, 2500 more per seat.
    assert.equal(move?.mrrMinor, 25_000);
  });

  it('adds seats on the top plan, and suggests nothing when seats are unknown and no plan is above', () => {
    const top = suggestMove(
      { plan: 'Business', seats: 30, activeUsers: 3, mrrMinor: 207_000, featuresBeyondPlan: 0 },
      LADDER,
    );
    assert.equal(top?.kind, 'seats');
    assert.equal(top?.seats, 1);
    assert.equal(
      suggestMove({ plan: 'Custom', seats: null, activeUsers: 3, mrrMinor: 9_000, featuresBeyondPlan: 0 }, LADDER),
      null,
    );
  });

  it('never suggests a move that loses MRR', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Starter', 'Growth', 'Business', 'Other', null),
        fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (plan, seats, activeUsers, mrrMinor) => {
          const move = suggestMove({ plan, seats, activeUsers, mrrMinor, featuresBeyondPlan: 0 }, LADDER);
          if (move) assert.ok(move.mrrMinor >= 0 && Number.isInteger(move.mrrMinor));
        },
      ),
    );
  });
});
