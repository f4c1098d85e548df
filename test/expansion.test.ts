// The expansion model over the store: rows read from the store carry the expansion features and label, the
// backtest and the daily scoring run and are stored, and the API and the CLI answer with them, on every engine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EXPANSION_FEATURES } from '../src/core/health/expansion-features.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { UsageError } from '../src/services/errors.ts';
import { loadExpansionData, runExpansionBacktest } from '../src/services/expansion/backtest.ts';
import { listExpansionCandidates } from '../src/services/expansion/candidates.ts';
import { scoreExpansion } from '../src/services/expansion/score.ts';
import type { Store } from '../src/store/types.ts';
import { runTenure } from './helpers/cli.ts';
import {
  assertAuditedOnce,
  assertResultKeys,
  assertServed,
  closeModelWorld,
  demoDataDir,
  MODEL_AS_OF,
  openModelWorld,
  type ModelWorld,
} from './helpers/model.ts';
import { engines } from './helpers/store.ts';

const AS_OF = MODEL_AS_OF;

interface CandidateBody {
  owners: { owner: string; candidates: number; expansion_mrr_minor: number }[];
  items: { account_id: number; owner: string; probability: number; expansion_mrr_minor: number | null }[];
}

for (const engine of engines()) {
  describe(`expansion model on ${engine.name}`, () => {
    let store: Store;
    let ctx: ServiceContext;
    let world: ModelWorld;

    before(async () => {
      world = await openModelWorld(engine);
      ({ store, ctx } = world);
    });
    after(() => closeModelWorld(world));

    it('reads rows with the expansion features appended and labels only where the horizon is over', async () => {
      const data = await loadExpansionData(ctx, AS_OF);
      assert.deepEqual(data.featureNames.slice(-EXPANSION_FEATURES.length), [...EXPANSION_FEATURES]);
      assert.ok(data.rows.every((r) => r.features.length === data.featureNames.length));
      const end = data.lastCompleteMonth;
      assert.ok(data.rows.every((r) => (r.expansion === null) === r.month + 3 > end));
      assert.ok(data.rows.some((r) => r.expansion === 1));
    });

    it('backtests the model against the seat-utilization baseline, stores the result and serves it', async () => {
      const report = await runExpansionBacktest({ ctx, asOf: AS_OF, months: 4 });
      assert.equal(report.target, 'expansion');
      assert.deepEqual(report.months, ['2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31']);
      const kinds = report.results.map((r) => `${r.kind}:${r.name}`);
      assert.deepEqual(kinds, [
        'model:logistic_regression',
        'model:gradient_boosted_trees',
        'baseline:seat_utilization',
      ]);
      for (const r of report.results) {
        assert.ok(r.auc !== null && r.auc > 0.3 && r.auc < 1, `${r.name} ${r.auc}`);
        assert.equal(r.rows, report.rows);
      }
      await assertServed(world, '/api/v1/expansion/backtest', report.results);
      await assert.rejects(runExpansionBacktest({ ctx, asOf: AS_OF, horizonDays: 0 }), UsageError);
      await assert.rejects(runExpansionBacktest({ ctx, asOf: '2026-02-30' }), UsageError);
    });

    it('scores every paying account with reasons and a priced move, and lists candidates per owner', async () => {
      const summary = await scoreExpansion({ ctx, asOf: AS_OF });
      assert.ok(summary.accounts > 40, `${summary.accounts} scored`);
      const list = await listExpansionCandidates({ ctx, limit: 1000 });
      assert.equal(list.items.length, summary.accounts);
      assert.ok(list.items.every((c) => c.reasons.length > 0 && c.probability > 0 && c.probability < 1));
      assert.ok(list.items.every((c) => c.suggested_move !== null && (c.expansion_mrr_minor ?? 0) > 0));
      // Each owner's summary adds up its candidates' MRR.
      for (const o of list.owners) {
        const mine = list.items.filter((c) => c.owner === o.owner);
        assert.equal(o.candidates, mine.length);
        assert.equal(
          o.expansion_mrr_minor,
          mine.reduce((n, c) => n + (c.expansion_mrr_minor ?? 0), 0),
        );
      }
      const owner = list.items[0]?.owner ?? '';
      const response = await world.app.inject({
        url: `/api/v1/expansion/candidates?owner=${encodeURIComponent(owner)}&limit=3`,
        headers: world.read,
      });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json<CandidateBody>();
      assert.ok(body.items.length > 0 && body.items.length <= 3);
      assert.ok(body.items.every((c) => c.owner === owner));
      const p = body.items.map((c) => c.probability);
      assert.deepEqual(
        p,
        [...p].sort((a, b) => b - a),
      );
      const top = body.items[0];
      assert.ok(top);
      const one = await world.app.inject({ url: `/api/v1/expansion/accounts/${top.account_id}`, headers: world.read });
      assert.equal(one.statusCode, 200, one.body);
      assert.equal(one.json<{ propensity: { probability: number } }>().propensity.probability, top.probability);
      assert.equal(
        (await world.app.inject({ url: '/api/v1/expansion/accounts/999999', headers: world.read })).statusCode,
        404,
      );
      await assertAuditedOnce(store, 'expansion.score');
    });
  });
}

describe('tenure expansion', () => {
  it('backtests with --target expansion as JSON, prints candidates as CSV, and refuses bad options', () => {
    const dataDir = demoDataDir();
    const args = ['--format', 'json', '--as-of', '2026-09-30', '--months', '3'];
    const run = runTenure(['--data-dir', dataDir, 'model', 'backtest', '--target', 'expansion', ...args]);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { target: string; results: { name: string; kind: string }[] };
    assert.equal(report.target, 'expansion');
    assertResultKeys(report.results);
    assert.ok(report.results.some((r) => r.kind === 'baseline' && r.name.includes('seat')));
    const score = runTenure(['--data-dir', dataDir, 'expansion', 'score', '--as-of', '2026-09-30']);
    assert.equal(score.status, 0, score.stderr);
    const csv = runTenure(['--data-dir', dataDir, 'expansion', 'candidates', '--format', 'csv', '--limit', '2']);
    assert.equal(csv.status, 0, csv.stderr);
    const lines = csv.stdout.trim().split('\n');
    assert.ok(lines[0]?.startsWith('account_id,account,owner,probability,suggested_move,expansion_mrr,'), lines[0]);
    assert.ok(lines[0]?.includes(',currency,reasons'));
    assert.ok(lines.length > 1);
    const bad = runTenure(['--data-dir', dataDir, 'model', 'backtest', '--target', 'upsell']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--target/);
    assert.equal(runTenure(['--data-dir', dataDir, 'expansion', 'candidates', '--limit', 'x']).status, 2);
    const far = runTenure(['--data-dir', dataDir, 'expansion', 'backtest', '--horizon-days', '9999999']);
    assert.equal(far.status, 2);
    assert.match(far.stderr, /--horizon-days must be a whole number of days from 1 to 730, found 9999999/);
  });
});
