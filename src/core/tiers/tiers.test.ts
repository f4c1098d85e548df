import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tierOf, type TierDefinition } from './tiers.ts';

const TIERS: TierDefinition[] = [
  {
    key: 'high',
    name: 'High-touch',
    rank: 1,
    rules: { min_arr_minor: 5_000_000 },
    targetAccountsPerCsm: 25,
    targetArrPerCsmMinor: null,
  },
  {
    key: 'mid',
    name: 'Mid-touch',
    rank: 2,
    rules: { min_arr_minor: 1_000_000, segments: ['Mid-Market', 'Enterprise'] },
    targetAccountsPerCsm: 80,
    targetArrPerCsmMinor: null,
  },
  { key: 'tech', name: 'Tech-touch', rank: 3, rules: {}, targetAccountsPerCsm: null, targetArrPerCsmMinor: null },
];
const facts = (arrMinor: number, segment: string | null = null) => ({ arrMinor, plan: null, segment, icpFit: null });

describe('tiers', () => {
  it('takes the first tier by rank whose rules all hold; an empty rule set takes the rest', () => {
    assert.deepEqual(tierOf(TIERS, facts(5_000_000), null, '2026-03-31'), { tier: 'high', source: 'rule' });
    assert.deepEqual(tierOf(TIERS, facts(4_999_999, 'enterprise'), null, '2026-03-31'), {
      tier: 'mid',
      source: 'rule',
    });
    assert.deepEqual(tierOf(TIERS, facts(4_999_999, 'SMB'), null, '2026-03-31'), { tier: 'tech', source: 'rule' });
    assert.deepEqual(tierOf(TIERS.slice(0, 2), facts(0), null, '2026-03-31'), { tier: null, source: 'none' });
  });

  it('lets an override win through its expiry day, and not a day longer', () => {
    const override = { tierKey: 'high', expiresOn: '2026-03-31' };
    assert.deepEqual(tierOf(TIERS, facts(0), override, '2026-03-31'), { tier: 'high', source: 'override' });
    assert.deepEqual(tierOf(TIERS, facts(0), override, '2026-04-01'), { tier: 'tech', source: 'rule' });
  });
});
