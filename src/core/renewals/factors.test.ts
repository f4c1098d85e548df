import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bandOf, renewalFactors, wilsonInterval, type FactorSample } from './factors.ts';

const sample = (renewed: boolean, due: number, got: number, groups: FactorSample['groups']): FactorSample => ({
  renewed,
  dueArrMinor: due,
  renewedArrMinor: got,
  groups,
});

// Worked by hand. Software: 4 closed, 3 renewed (due 400, renewed 120 + 100 + 100 = 320); Retail: 2 closed,
// 1 renewed (due 300, renewed 150). Software 0.75 against the rest's 0.5: lift 1.5; Retail 0.5 ÷ 0.75 = 0.6667.
// Switching cost: integrations 3 of 3 renewed, none 1 of 3: lifts 3 and 1/3 (spread 2.6667 ranks it first).
const SAMPLES: FactorSample[] = [
  sample(true, 100, 120, { industry: 'Software', switching_cost: 'uses integrations or API' }),
  sample(true, 100, 100, { industry: 'Software', switching_cost: 'uses integrations or API' }),
  sample(true, 100, 100, { industry: 'Software', switching_cost: 'uses integrations or API' }),
  sample(false, 100, 0, { industry: 'Software', switching_cost: 'no integrations or API' }),
  sample(true, 200, 150, { industry: 'Retail', switching_cost: 'no integrations or API' }),
  sample(false, 100, 0, { industry: 'Retail', switching_cost: 'no integrations or API', icp_fit: null }),
];

describe('renewal factors', () => {
  it('gives the Wilson 95% interval of the textbook case 3 of 4', () => {
    const { low, high } = wilsonInterval(3, 4);
    assert.equal(low.toFixed(4), '0.3006');
    assert.equal(high.toFixed(4), '0.9544');
    assert.deepEqual(wilsonInterval(0, 0), { low: 0, high: 1 });
    const none = wilsonInterval(0, 10);
    assert.equal(none.low, 0);
    assert.equal(none.high.toFixed(4), '0.2775');
  });

  it('computes rates by count and amount, lift against the rest, ranked by spread', () => {
    const tables = renewalFactors(SAMPLES, { expectations: 'needs promised outcomes' });
    assert.deepEqual(
      tables.map((t) => t.key),
      [
        'switching_cost',
        'industry',
        'icp_fit',
        'size_band',
        'onboarding',
        'cost_of_use',
        'expectations',
        'continuous_value',
        'value_visible',
      ],
    );
    const industry = tables.find((t) => t.key === 'industry');
    assert.ok(industry);
    assert.equal(industry.renewals, 6);
    assert.equal(industry.missing, null);
    const [software, retail] = industry.groups;
    assert.deepEqual(
      [software?.group, software?.renewals, software?.renewed, software?.rate, software?.restRate, software?.lift],
      ['Software', 4, 3, 0.75, 0.5, 1.5],
    );
    assert.deepEqual([software?.dueAmountMinor, software?.renewedAmountMinor, software?.amountRate], [400, 320, 0.8]);
    assert.equal(retail?.lift?.toFixed(4), '0.6667');
    assert.equal(retail?.amountRate, 0.5);
    assert.equal(industry.spread?.toFixed(4), '0.8333');
    const switching = tables[0];
    assert.deepEqual(
      switching?.groups.map((g) => [g.group, g.rate, g.lift?.toFixed(4)]),
      [
        ['uses integrations or API', 1, '3.0000'],
        ['no integrations or API', 1 / 3, '0.3333'],
      ],
    );
  });

  it('says what data would fill a factor without any', () => {
    const tables = renewalFactors(SAMPLES, { expectations: 'needs promised outcomes' });
    const byKey = new Map(tables.map((t) => [t.key, t]));
    assert.equal(byKey.get('expectations')?.missing, 'needs promised outcomes');
    assert.equal(byKey.get('icp_fit')?.renewals, 0);
    assert.match(byKey.get('icp_fit')?.missing ?? '', /no closed renewal/);
    assert.deepEqual(byKey.get('icp_fit')?.groups, []);
  });

  it('gives no lift when the rest renewed none or is empty', () => {
    const [table] = renewalFactors([sample(true, 1, 1, { industry: 'A' }), sample(false, 1, 0, { industry: 'B' })], {});
    assert.deepEqual(
      table?.groups.map((g) => [g.group, g.lift]),
      [
        ['A', null],
        ['B', 0],
      ],
    );
  });

  it('bands a ratio by lower bounds', () => {
    const bands = [
      [0.7, 'high'],
      [0.3, 'mid'],
    ] as const;
    assert.deepEqual(
      [bandOf(0.7, bands, 'low'), bandOf(0.3, bands, 'low'), bandOf(0.29, bands, 'low')],
      ['high', 'mid', 'low'],
    );
  });
});
