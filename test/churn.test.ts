// The churn model over the store: the rows read from the store are the ones the pure demo gives (so features
// are point-in-time there too), the backtest and the daily scoring run and are stored, and the API and the CLI
// answer with them, on every engine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_ADOPTION_SETTINGS } from '../src/core/adoption/settings.ts';
import { demoChurnData } from '../src/core/demo/churn-history.ts';
import { generateDemo } from '../src/core/demo/index.ts';
import { DEMO_FEATURES } from '../src/core/demo/usage.ts';
import { buildRows } from '../src/core/health/dataset.ts';
import { monthIndex } from '../src/core/period.ts';
import { runBacktest } from '../src/services/churn/backtest.ts';
import { loadChurnData } from '../src/services/churn/features.ts';
import { scoreChurnRisk } from '../src/services/churn/risk.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { UsageError } from '../src/services/errors.ts';
import type { Store } from '../src/store/types.ts';
import { runTenure } from './helpers/cli.ts';
import {
  assertAuditedOnce,
  assertResultKeys,
  assertServed,
  closeModelWorld,
  demoDataDir,
  MODEL_AS_OF,
  MODEL_DEMO,
  openModelWorld,
  type ModelWorld,
} from './helpers/model.ts';
import { engines } from './helpers/store.ts';

const AS_OF = MODEL_AS_OF;
const DEMO = MODEL_DEMO;

interface RiskBody {
  total: number;
  items: { account_id: number; churn_probability: number; reasons: string[]; arr_minor: number; model: string }[];
}

for (const engine of engines()) {
  describe(`churn model on ${engine.name}`, () => {
    let store: Store;
    let ctx: ServiceContext;
    let world: ModelWorld;

    before(async () => {
      // The pure generator these tests compare with models revenue and usage only: leave out the demo's survey
      // answers, contracts and tickets (their features are tested on their own below and in the core).
      world = await openModelWorld(engine, async (s) => {
        for (const table of ['survey_responses', 'surveys', 'contracts', 'tickets'])
          await s.execute(`DELETE FROM ${table}`);
      });
      ({ store, ctx } = world);
    });
    after(() => closeModelWorld(world));

    it('reads the same point-in-time rows from the store as from the generated company', async () => {
      const data = await loadChurnData({ ctx, asOf: AS_OF, months: 6 });
      const company = generateDemo({ ...DEMO, cutoff: AS_OF });
      const pure = demoChurnData(company);
      const end = monthIndex(DEMO.endMonth);
      const expected = buildRows({
        histories: pure.histories,
        months: Array.from({ length: 6 }, (_, i) => end - 5 + i),
        cutAt: pure.cutAt,
        latest: pure.ledgerAt(AS_OF),
        lastCompleteMonth: end,
        horizonMonths: 3,
        settings: { catalog: DEMO_FEATURES, adoption: DEFAULT_ADOPTION_SETTINGS, vocabulary: data.settings.vocabulary },
      });
      assert.ok(data.rows.length > 200, `${data.rows.length} rows`);
      assert.deepEqual(data.rows, expected);
      assert.ok(data.rows.some((r) => r.churn === 1));
      assert.ok(data.rows.every((r) => (r.churn === null) === r.month + 3 > end));
    });

    it('backtests the model and the baselines, stores the result and serves it', async () => {
      const report = await runBacktest({ ctx, asOf: AS_OF, months: 4 });
      assert.deepEqual(report.months, ['2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31']);
      const kinds = report.results.map((r) => `${r.kind}:${r.name}`);
      assert.ok(kinds.includes('model:logistic_regression'), kinds.join());
      assert.ok(kinds.includes('baseline:adoption_level') && kinds.includes('baseline:usage_declining'));
      // The configured health scorecards (here the built-in default) are backtested beside the model.
      assert.ok(kinds.includes('scorecard:health_score'), kinds.join());
      for (const r of report.results) {
        assert.ok(r.auc !== null && r.auc > 0.3 && r.auc < 1, `${r.name} ${r.auc}`);
        assert.ok(r.logloss !== null && r.brier !== null && r.ece !== null && r.pr_auc !== null);
        assert.equal(r.rows, report.rows);
        assert.equal(r.deciles.length, 10);
      }
      assert.equal(report.contraction.length, report.results.filter((r) => r.kind !== 'scorecard').length);
      await assertServed(world, '/api/v1/health/backtest', report.results);
      await assert.rejects(runBacktest({ ctx, asOf: AS_OF, horizonDays: 0 }), UsageError);
      await assert.rejects(runBacktest({ ctx, asOf: '2026-02-30' }), UsageError);
    });

    it('scores every paying account with reasons, most at risk first, and answers per account', async () => {
      const [account] = await store.query<{ id: unknown }>(`SELECT id FROM accounts ORDER BY id LIMIT 1`);
      const summary = await scoreChurnRisk({ ctx, asOf: AS_OF });
      assert.ok(summary.accounts > 40, `${summary.accounts} scored`);
      const response = await world.app.inject({ url: '/api/v1/health/risk?limit=20', headers: world.read });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json<RiskBody>();
      assert.equal(body.total, summary.accounts);
      const probabilities = body.items.map((r) => r.churn_probability);
      assert.deepEqual(
        probabilities,
        [...probabilities].sort((a, b) => b - a),
      );
      assert.ok(body.items.every((r) => r.arr_minor > 0 && r.reasons.length > 0 && r.model === summary.model));
      const top = body.items[0];
      assert.ok(top);
      const one = await world.app.inject({ url: `/api/v1/accounts/${top.account_id}/risk`, headers: world.read });
      assert.equal(one.statusCode, 200, one.body);
      assert.equal(one.json<{ risk: { churn_probability: number } }>().risk.churn_probability, top.churn_probability);
      const missing = await world.app.inject({ url: '/api/v1/accounts/999999/risk', headers: world.read });
      assert.equal(missing.statusCode, 404);
      assert.ok(account);
      await assertAuditedOnce(store, 'churn.score');
    });

    it('reads NPS answers given by the day only, and says so in words', async () => {
      const [account] = await store.query<{ account_id: unknown }>(
        `SELECT account_id FROM churn_risk ORDER BY churn_probability DESC LIMIT 1`,
      );
      const id = Number(account?.account_id);
      const [survey] = await store.query<{ id: unknown }>(
        `INSERT INTO surveys (name, kind) VALUES ('Relationship NPS', 'nps') RETURNING id`,
      );
      for (const [n, day, score] of [
        [1, '2026-10-02', 2],
        [2, '2026-11-15', 10],
      ] as const) {
        await store.execute(
          `INSERT INTO survey_responses (response_id, survey_id, kind, score, responded_at, account_id, source)
           VALUES ($1, $2, 'nps', $3, $4, $5, 'test')`,
          [`r${n}`, survey?.id, score, `${day}T09:00:00Z`, id],
        );
      }
      const data = await loadChurnData({ ctx, asOf: AS_OF, months: 1 });
      const row = data.rows.find((r) => r.accountId === id);
      assert.ok(row);
      const of = (name: string) => row.features[data.featureNames.indexOf(name)];
      assert.equal(of('nps_latest'), 2);
      assert.equal(of('nps_detractor'), 1);
      assert.equal(of('days_since_nps'), 29);
    });
  });
}

describe('tenure model backtest', () => {
  it('prints the results as JSON, and refuses bad options with exit code 2', () => {
    const dataDir = demoDataDir();
    const run = runTenure([
      '--data-dir',
      dataDir,
      'model',
      'backtest',
      '--format',
      'json',
      '--as-of',
      '2026-09-30',
      '--months',
      '3',
      '--horizon-days',
      '60',
    ]);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      horizon_days: number;
      months: string[];
      results: {
        name: string;
        kind: string;
        auc: number;
        pr_auc: number;
        logloss: number;
        brier: number;
        ece: number;
      }[];
    };
    assert.equal(report.horizon_days, 60);
    assert.deepEqual(report.months, ['2026-05-31', '2026-06-30', '2026-07-31']);
    assertResultKeys(report.results);
    assert.ok(report.results.some((r) => r.kind === 'baseline' && r.name.includes('adoption')));
    const bad = runTenure(['--data-dir', dataDir, 'model', 'backtest', '--horizon-days', 'abc']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--horizon-days/);
    const negative = runTenure(['--data-dir', dataDir, 'model', 'backtest', '--horizon-days', '-5']);
    assert.equal(negative.status, 2);
    assert.match(negative.stderr, /--horizon-days must be a whole number of days from 1 to 730, found -5/);
    assert.equal(runTenure(['--data-dir', dataDir, 'model', 'backtest', '--as-of', '2026-13-01']).status, 2);
  });
});
