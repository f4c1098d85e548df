import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeValue, revenueSignals, supportSignals, surveySignals } from './measures.ts';
import {
  bandOfScore,
  chooseScorecard,
  DEFAULT_SCORECARD,
  gradeValue,
  scoreAccount,
  scorecardProblems,
  type Scorecard,
} from './scorecard.ts';

const card: Scorecard = {
  key: 'test',
  name: 'Test',
  groups: [
    {
      key: 'usage',
      name: 'Usage',
      weight: 3,
      measures: [
        { signal: 'feature_usage_rate', weight: 1 },
        { signal: 'seat_utilization', weight: 3 },
      ],
    },
    { key: 'support', name: 'Support', weight: 1, measures: [{ signal: 'support_load', weight: 1 }] },
  ],
};

describe('health scorecard', () => {
  it('grades by thresholds in the direction that is better, bounds inclusive', () => {
    const t = { green: 0.4, yellow: 0.1 };
    assert.equal(gradeValue(0.4, t, 'higher'), 'green');
    assert.equal(gradeValue(0.39, t, 'higher'), 'yellow');
    assert.equal(gradeValue(0.1, t, 'higher'), 'yellow');
    assert.equal(gradeValue(0.09, t, 'higher'), 'red');
    const lower = { green: 3, yellow: 8 };
    assert.equal(gradeValue(3, lower, 'lower'), 'green');
    assert.equal(gradeValue(8, lower, 'lower'), 'yellow');
    assert.equal(gradeValue(9, lower, 'lower'), 'red');
  });

  it('bands the overall score: red < 40 ≤ yellow < 70 ≤ green, or as configured', () => {
    assert.deepEqual(
      [0, 39, 40, 69, 70, 100].map((s) => bandOfScore(s)),
      ['red', 'red', 'yellow', 'yellow', 'green', 'green'],
    );
    assert.equal(bandOfScore(55, { red: 60, green: 80 }), 'red');
  });

  it('weights measures within groups and groups overall', () => {
    // usage: (1·100 + 3·0) / 4 = 25; support: 100 (2 tickets ≤ 3); overall (3·25 + 1·100) / 4 = 43.75 → 44.
    const s = scoreAccount(card, { feature_usage_rate: 0.5, seat_utilization: 0.1, support_load: 2 });
    assert.deepEqual(
      s.groups.map((g) => [g.key, g.score]),
      [
        ['usage', 25],
        ['support', 100],
      ],
    );
    assert.equal(s.score, 44);
    assert.equal(s.band, 'yellow');
    assert.deepEqual(s.missing, []);
    const weights = s.measures.map((m) => m.effectiveWeight);
    assert.deepEqual(weights, [0.1875, 0.5625, 0.25]);
  });

  it('re-weights missing measures away and reports them; a missing group drops out whole', () => {
    const s = scoreAccount(card, { feature_usage_rate: 0.5, seat_utilization: null });
    assert.equal(s.score, 100);
    assert.deepEqual(s.missing, ['seat_utilization', 'support_load']);
    assert.equal(s.measures.find((m) => m.signal === 'feature_usage_rate')?.effectiveWeight, 1);
    const none = scoreAccount(card, {});
    assert.deepEqual([none.score, none.band], [null, null]);
  });

  it('uses configured points', () => {
    const s = scoreAccount({ ...card, points: { red: 0, yellow: 60, green: 100 } }, { support_load: 5 });
    assert.deepEqual([s.score, s.band], [60, 'yellow']);
  });

  it('forces red when an exception measure is red, capping the score below the red bound', () => {
    const values = { feature_usage_rate: 0.9, seat_utilization: 0.9, support_load: 20 };
    assert.equal(scoreAccount(card, values).band, 'green');
    const forced = scoreAccount({ ...card, exceptions: [{ signal: 'support_load', force: 'red' }] }, values);
    assert.deepEqual([forced.score, forced.band, forced.forcedBy], [39, 'red', ['support_load']]);
  });

  it('chooses the first scorecard in order whose rule matches, else the default', () => {
    const enterprise: Scorecard = { ...card, key: 'enterprise', order: 2, appliesTo: { segment: ['Enterprise'] } };
    const emea: Scorecard = {
      ...card,
      key: 'emea-ent',
      order: 1,
      appliesTo: { segment: ['Enterprise'], industry: ['Retail', 'Media'] },
    };
    const fallback: Scorecard = { ...card, key: 'fallback', appliesTo: null };
    const cards = [enterprise, emea, fallback];
    assert.equal(chooseScorecard(cards, { segment: 'Enterprise', industry: 'Media' }).key, 'emea-ent');
    assert.equal(chooseScorecard(cards, { segment: 'Enterprise', industry: 'Software' }).key, 'enterprise');
    assert.equal(chooseScorecard(cards, { segment: null }).key, 'fallback');
    assert.equal(chooseScorecard([enterprise], { segment: 'SMB' }).key, 'default');
  });

  it('finds what is wrong with a scorecard, field by field', () => {
    assert.deepEqual(scorecardProblems(DEFAULT_SCORECARD), []);
    const bad: Scorecard = {
      key: 'Bad Key',
      name: 'x',
      bands: { red: 80, green: 70 },
      groups: [
        {
          key: 'g',
          name: 'g',
          weight: 0,
          measures: [
            { signal: 'nope', weight: 1 },
            { signal: 'support_load', weight: 1, thresholds: { green: 9, yellow: 2 } },
          ],
        },
      ],
      exceptions: [{ signal: 'csm_sentiment', force: 'red' }],
    };
    const problems = scorecardProblems(bad, [DEFAULT_SCORECARD]);
    assert.equal(problems.length, 7, problems.join('\n'));
    assert.match(problems.join('\n'), /groups\[0\]\.measures\[0\]\.signal: expected one of adoption_level/);
    assert.match(problems.join('\n'), /green must be at most yellow when lower is better/);
    assert.match(problems.join('\n'), /"default" is already the default scorecard/);
  });
});

describe('health signals', () => {
  it('computes NPS latest and trend over 90-day windows ending at the latest answer', () => {
    const d = (day: number, score: number) => ({ day, score });
    // Latest answer on day 1000: window 911..1000 holds 10, 9, 3 → NPS 33.3; 821..910 holds 10 → 100.
    const nps = [d(1000, 10), d(950, 9), d(911, 3), d(900, 10), d(700, 0)];
    const s = surveySignals(nps, [d(990, 4), d(980, 5)], 1010);
    assert.equal(Math.round(s.nps_latest ?? NaN), 33);
    assert.equal(Math.round(s.nps_trend ?? NaN), -67);
    assert.equal(s.csat_latest, 4.5);
    assert.deepEqual(surveySignals(nps, [], 1000 + 366), { nps_latest: null, nps_trend: null, csat_latest: null });
  });

  it('counts tickets of the last 90 days; no tickets imported at all is missing, not zero', () => {
    const t = [
      { openedDay: 100, csat: 5 },
      { openedDay: 11, csat: 1 },
      { openedDay: 10, csat: null },
    ];
    assert.deepEqual(supportSignals(t, 100), { support_load: 2, support_csat: 3 });
    assert.deepEqual(supportSignals(null, 100), { support_load: null, support_csat: null });
  });

  it('reads MRR trend and recent contraction from the ledger facts', () => {
    const facts = {
      mrrNow: 8000,
      mrrBefore: 10000,
      contractions: [
        { amountMinor: -1000, mrrBeforeMinor: 10000 },
        { amountMinor: -1000, mrrBeforeMinor: 9000 },
      ],
    };
    const s = revenueSignals(facts);
    assert.equal(Math.round((s.mrr_trend ?? 0) * 100), -20);
    assert.equal(s.recent_contraction, 0.2);
    assert.deepEqual(revenueSignals({ mrrNow: 5, mrrBefore: 0, contractions: [] }), {
      mrr_trend: null,
      recent_contraction: 0,
    });
    assert.equal(describeValue('adoption_level', 2), 'high');
    assert.equal(describeValue('active_user_trend', -0.25), '-25%');
  });
});
