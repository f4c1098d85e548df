import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_PROBABILITIES,
  forecastError,
  forecastOf,
  learnProbabilities,
  proposeCategory,
  type ProbabilitySample,
  type RenewalSignals,
} from './forecast.ts';

const calm: RenewalSignals = {
  cancelled: false,
  usageDeclining: false,
  npsScore: null,
  adoptionLevel: null,
  autoRenew: false,
};

describe('renewal forecast', () => {
  it('proposes a category from signals by the stated rule', () => {
    assert.equal(
      proposeCategory({ ...calm, cancelled: true, autoRenew: true, adoptionLevel: 'high' }).category,
      'lost',
    );
    assert.deepEqual(proposeCategory({ ...calm, usageDeclining: true, npsScore: 6 }), {
      category: 'at_risk',
      reasons: ['usage declining', 'detractor (NPS 6)'],
    });
    assert.equal(proposeCategory({ ...calm, adoptionLevel: 'low', autoRenew: true }).category, 'at_risk');
    assert.equal(proposeCategory({ ...calm, npsScore: 7, autoRenew: true, adoptionLevel: 'mid' }).category, 'commit');
    assert.equal(proposeCategory({ ...calm, autoRenew: true }).category, 'likely');
    assert.equal(proposeCategory({ ...calm, adoptionLevel: 'high' }).category, 'likely');
  });

  it('learns a probability from 20 closed renewals of a category, keeps the default below', () => {
    const likely = (renewed: boolean): ProbabilitySample => ({
      category: 'likely',
      status: renewed ? 'renewed' : 'churned',
      dueArrMinor: 1000,
      renewedArrMinor: renewed ? 1100 : 0,
    });
    // 20 likely: 12 renewed at 1,100 of 1,000 due: 13,200 ÷ 20,000 = 0.66. 19 commit: too few, default.
    const samples = [
      ...Array.from({ length: 12 }, () => likely(true)),
      ...Array.from({ length: 8 }, () => likely(false)),
      { category: 'likely', status: 'pending', dueArrMinor: 1000, renewedArrMinor: 0 } as const,
      ...Array.from({ length: 19 }, () => ({ ...likely(true), category: 'commit' as const })),
      ...Array.from({ length: 25 }, () => ({ ...likely(true), category: 'lost' as const })),
    ];
    const table = learnProbabilities(samples);
    assert.deepEqual(table, [
      { category: 'commit', probability: DEFAULT_PROBABILITIES.commit, basis: 'default', samples: 19 },
      { category: 'likely', probability: 0.66, basis: 'learnt', samples: 20 },
      { category: 'at_risk', probability: DEFAULT_PROBABILITIES.at_risk, basis: 'default', samples: 0 },
      { category: 'lost', probability: 0, basis: 'default', samples: 25 },
    ]);
  });

  it('counts open renewals by category and decided ones at what they renewed', () => {
    const open = { status: 'pending', dueArrMinor: 10_000, renewedArrMinor: 0 } as const;
    assert.deepEqual(forecastOf({ ...open, category: 'commit' }, 0.95), {
      lowMinor: 10_000,
      expectedMinor: 9_500,
      highMinor: 10_000,
    });
    assert.deepEqual(forecastOf({ ...open, category: 'at_risk' }, 0.4), {
      lowMinor: 0,
      expectedMinor: 4_000,
      highMinor: 10_000,
    });
    assert.deepEqual(forecastOf({ ...open, category: 'lost' }, 0), { lowMinor: 0, expectedMinor: 0, highMinor: 0 });
    const renewed = { status: 'renewed', dueArrMinor: 10_000, renewedArrMinor: 12_000, category: 'lost' } as const;
    assert.deepEqual(forecastOf(renewed, 0), { lowMinor: 12_000, expectedMinor: 12_000, highMinor: 12_000 });
    assert.deepEqual(forecastOf({ ...renewed, status: 'excluded' }, 1), {
      lowMinor: 0,
      expectedMinor: 0,
      highMinor: 0,
    });
  });

  it('states the error as forecast ÷ actual − 1', () => {
    assert.equal(forecastError(11_000, 10_000)?.toFixed(6), '0.100000');
    assert.equal(forecastError(9_000, 10_000)?.toFixed(6), '-0.100000');
    assert.equal(forecastError(0, 0), 0);
    assert.equal(forecastError(5, 0), null);
  });
});
