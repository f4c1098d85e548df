// The demo's survey answers in a store: promoters' accounts keep and grow more revenue than detractors'.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDemo } from '../src/services/demo.ts';
import { listResponses } from '../src/services/surveys/comments.ts';
import { surveyRetention } from '../src/services/surveys/insight.ts';
import { withStore } from './helpers/import.ts';
import { engines, testContext } from './helpers/store.ts';

const [pglite] = engines();

describe('demo surveys', () => {
  it('give promoter accounts a higher NRR than detractor accounts, and Chinese comments to search', async () => {
    assert.ok(pglite);
    await withStore(pglite, async (store) => {
      const ctx = testContext(store);
      const asOf = '2026-06-30';
      await loadDemo({ ctx, seed: 1, accounts: 400, asOf });
      const retention = await surveyRetention({ ctx, asOf });
      const by = Object.fromEntries(retention.categories.map((c) => [c.category, c]));
      const promoters = by.promoter;
      const detractors = by.detractor;
      assert.ok(promoters && detractors && promoters.accounts >= 20 && detractors.accounts >= 20, JSON.stringify(by));
      assert.ok((promoters.nrr ?? 0) > (detractors.nrr ?? 0), `NRR ${promoters.nrr} vs ${detractors.nrr}`);
      assert.ok((promoters.logoChurnRate ?? 1) < (detractors.logoChurnRate ?? 0));
      const found = await listResponses({ ctx, query: { asOf, q: '报表' } });
      assert.ok(found.total > 0 && found.items.every((i) => i.comment?.includes('报表')));
      const [dismissed] = await store.query(`SELECT count(*) AS n FROM survey_responses WHERE dismissed`);
      assert.ok(Number(dismissed?.n) > 0);
    });
  });
});
