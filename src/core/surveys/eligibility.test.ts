import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eligibility, inSample, surveyIsLive, throttledUntil, type SurveyTiming } from './eligibility.ts';

const survey: SurveyTiming & { id: number } = {
  id: 7,
  status: 'open',
  startsOn: null,
  endsOn: null,
  throttleAnsweredDays: 90,
  throttleDismissedDays: 30,
  samplePercent: 100,
};
const at = (iso: string) => new Date(iso);
const none = { lastAnsweredAt: null, lastDismissedAt: null, lastUnansweredAskAt: null };

describe('survey eligibility', () => {
  it('throttles 90 days after an answer and 30 after a dismissal or an unanswered invitation; the later wins', () => {
    assert.equal(throttledUntil(survey, none), null);
    const answered = { ...none, lastAnsweredAt: at('2026-01-01T00:00:00Z') };
    assert.deepEqual(throttledUntil(survey, answered), at('2026-04-01T00:00:00Z'));
    assert.equal(eligibility(survey, 'p', answered, at('2026-03-31T23:59:59Z')).eligible, false);
    assert.equal(eligibility(survey, 'p', answered, at('2026-04-01T00:00:00Z')).eligible, true);
    const dismissed = { ...none, lastDismissedAt: at('2026-01-01T00:00:00Z') };
    assert.deepEqual(throttledUntil(survey, dismissed), at('2026-01-31T00:00:00Z'));
    const both = { ...answered, lastUnansweredAskAt: at('2026-03-20T00:00:00Z') };
    assert.deepEqual(throttledUntil(survey, both), at('2026-04-19T00:00:00Z'));
    assert.deepEqual(eligibility(survey, 'p', both, at('2026-04-10T00:00:00Z')), {
      eligible: false,
      reason: 'throttled',
      until: at('2026-04-19T00:00:00Z'),
    });
  });

  it('asks only while open and inside its wave (UTC days, both ends included)', () => {
    const wave = { ...survey, startsOn: '2026-05-01', endsOn: '2026-05-31' };
    assert.deepEqual(surveyIsLive(wave, at('2026-04-30T23:59:59Z')), { eligible: false, reason: 'before_wave' });
    assert.equal(surveyIsLive(wave, at('2026-05-01T00:00:00Z')).eligible, true);
    assert.equal(surveyIsLive(wave, at('2026-05-31T23:59:59Z')).eligible, true);
    assert.deepEqual(surveyIsLive(wave, at('2026-06-01T00:00:00Z')), { eligible: false, reason: 'after_wave' });
    assert.deepEqual(surveyIsLive({ ...survey, status: 'closed' }, at('2026-05-01T00:00:00Z')), {
      eligible: false,
      reason: 'closed',
    });
  });

  it('samples a stable share: the same people within a window, about the share over many', () => {
    const sampled = { ...survey, samplePercent: 20 };
    const now = at('2026-02-10T00:00:00Z');
    const people = Array.from({ length: 5000 }, (_, i) => `email:p${i}@example.com`);
    const inNow = people.filter((p) => inSample(sampled, p, now));
    assert.ok(Math.abs(inNow.length / people.length - 0.2) < 0.02, `${inNow.length} of 5000`);
    const sameWindow = at('2026-02-11T00:00:00Z');
    assert.deepEqual(
      people.filter((p) => inSample(sampled, p, sameWindow)),
      inNow,
    );
    const nextWindow = new Date(now.getTime() + 90 * 86_400_000);
    assert.notDeepEqual(
      people.filter((p) => inSample(sampled, p, nextWindow)),
      inNow,
    );
    assert.ok(
      people.every((p) => inSample(survey, p, now)),
      '100% asks everyone',
    );
  });
});
