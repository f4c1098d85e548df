import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { npsOf } from '../surveys/metrics.ts';
import { generateDemo } from './generate.ts';
import { demoSurveyResponses } from './surveys.ts';

describe('demo survey answers', () => {
  const company = generateDemo({ seed: 7, accounts: 400, endMonth: '2026-06', cutoff: '2026-06-30' });
  const responses = demoSurveyResponses(company);

  it('are deterministic by seed, within range, and include dismissals and Chinese comments', () => {
    assert.deepEqual(demoSurveyResponses(company), responses);
    assert.equal(new Set(responses.map((r) => r.response_id)).size, responses.length);
    const ranges = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;
    for (const r of responses) {
      if (r.dismissed) assert.equal(r.score, null);
      else {
        const [low, high] = ranges[r.kind];
        assert.ok(r.score !== null && r.score >= low && r.score <= high, JSON.stringify(r));
      }
      assert.ok(r.responded_at.slice(0, 10) <= company.cutoff, r.responded_at);
    }
    assert.ok(responses.some((r) => r.dismissed));
    assert.ok(responses.some((r) => r.comment !== null && /\p{Script=Han}/u.test(r.comment)));
    assert.ok(responses.some((r) => r.comment !== null && /^[A-Z]/.test(r.comment)));
  });

  it('follow each account’s story: high adopters promote, accounts that churn answer lower', () => {
    const npsOfAccounts = (ids: Set<string>) =>
      npsOf(
        responses.flatMap((r) =>
          r.kind === 'nps' && r.score !== null && ids.has(r.account_external_id) ? [r.score] : [],
        ),
      ).nps ?? NaN;
    const ids = (keep: (p: (typeof company.profiles)[number]) => boolean) =>
      new Set(company.profiles.filter(keep).map((p) => p.external_id));
    const high = npsOfAccounts(ids((p) => p.adoptionLevel === 'high'));
    const low = npsOfAccounts(ids((p) => p.adoptionLevel === 'low'));
    const churned = npsOfAccounts(ids((p) => p.status === 'churned'));
    const active = npsOfAccounts(ids((p) => p.status === 'active'));
    assert.ok(high > 30 && low < 0 && high - low > 50, `high ${high}, low ${low}`);
    assert.ok(active - churned > 20, `active ${active}, churned ${churned}`);
  });
});
