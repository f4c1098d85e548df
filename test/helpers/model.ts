// What the churn and expansion model tests share: the demo company's rows built in memory (the demo tests), and a
// store holding a small demo company with an app and a read key (the store tests), and the checks of a backtest.
import assert from 'node:assert/strict';
import path from 'node:path';
import { DEFAULT_ADOPTION_SETTINGS } from '../../src/core/adoption/settings.ts';
import { demoChurnData } from '../../src/core/demo/churn-history.ts';
import { generateDemo } from '../../src/core/demo/index.ts';
import { DEMO_FEATURES } from '../../src/core/demo/usage.ts';
import type { DataRow, Scorer } from '../../src/core/health/backtest.ts';
import type { DatasetInput } from '../../src/core/health/dataset.ts';
import { vocabularyOf, type FeatureSettings } from '../../src/core/health/features.ts';
import { monthIndex, type MonthIndex } from '../../src/core/period.ts';
import { TRAINERS } from '../../src/core/predict/index.ts';
import { buildApp } from '../../src/http/app.ts';
import type { App } from '../../src/http/types.ts';
import { createApiKey } from '../../src/services/api-keys.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { loadDemo } from '../../src/services/demo.ts';
import type { Store } from '../../src/store/types.ts';
import { runTenure, tempDir } from './cli.ts';
import { testContext, type Engine } from './store.ts';

const DEMO_END = '2026-11';
// Fewer accounts than the demo's 2000 keep the demo tests quick; the rates are the demo's.
const DEMO_ACCOUNTS = 800;
export const DEMO_HORIZON = 3;

/** The demo company's rows at its last 14 month ends, built in memory by `build`, with their settings. */
export function demoRows(build: (input: DatasetInput) => DataRow[]): {
  rows: DataRow[];
  settings: FeatureSettings;
  end: MonthIndex;
} {
  const company = generateDemo({ seed: 1, accounts: DEMO_ACCOUNTS, endMonth: DEMO_END, cutoff: '2026-11-30' });
  const data = demoChurnData(company);
  const end = monthIndex(DEMO_END);
  const latest = data.ledgerAt('2026-11-30');
  const settings = {
    catalog: DEMO_FEATURES,
    adoption: DEFAULT_ADOPTION_SETTINGS,
    vocabulary: vocabularyOf(
      data.histories,
      [...latest.values()].map((c) => c.history.at(-1)?.plan ?? null),
    ),
  };
  const rows = build({
    histories: data.histories,
    months: Array.from({ length: 14 }, (_, i) => end - 13 + i),
    cutAt: data.cutAt,
    latest,
    lastCompleteMonth: end,
    horizonMonths: DEMO_HORIZON,
    settings,
  });
  return { rows, settings, end };
}

/** Every trainer, then the benchmarks it must beat. */
export const withTrainers = (benchmarks: Scorer[]): Scorer[] => [
  ...TRAINERS.map((trainer): Scorer => ({ kind: 'model', name: trainer.name, trainer })),
  ...benchmarks,
];

export const MODEL_AS_OF = '2026-10-31';
export const MODEL_DEMO = { seed: 4, accounts: 90, endMonth: '2026-10' };

export interface ModelWorld {
  store: Store;
  ctx: ServiceContext;
  app: App;
  read: Record<string, string>;
}

/** A store of the engine with the small demo company loaded as of MODEL_AS_OF (the clock stays there). */
export async function openModelWorld(
  engine: Engine,
  prepare: (store: Store) => Promise<void> = async () => {},
): Promise<ModelWorld> {
  const store = await engine.open();
  const ctx = { ...testContext(store, {}), now: () => new Date(`${MODEL_AS_OF}T12:00:00Z`) };
  await loadDemo({ ctx, ...MODEL_DEMO, asOf: MODEL_AS_OF });
  await prepare(store);
  const read = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'read' })).key}` };
  const app = await buildApp({ ctx, checkResponses: true });
  return { store, ctx, app, read };
}

export async function closeModelWorld(world: ModelWorld): Promise<void> {
  await world.app.close();
  await world.store.close();
}

/** The stored backtest served at `url` lists the report's scorers. */
export async function assertServed(world: ModelWorld, url: string, results: readonly { name: string }[]) {
  const response = await world.app.inject({ url, headers: world.read });
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json<{ backtest: { report: { results: { name: string }[] } } }>();
  assert.deepEqual(
    body.backtest.report.results.map((r) => r.name),
    results.map((r) => r.name),
  );
}

/** `verb` is in the audit log once. */
export async function assertAuditedOnce(store: Store, verb: string) {
  const [audit] = await store.query<{ n: unknown }>(`SELECT count(*) AS n FROM audit_log WHERE verb = $1`, [verb]);
  assert.equal(Number(audit?.n), 1);
}

/** A data dir holding the small demo company `tenure demo` loads (seed 2, 40 accounts, to 2026-09). */
export function demoDataDir(): string {
  const dataDir = path.join(tempDir(), 'data');
  const load = runTenure(['--data-dir', dataDir, 'demo', '--seed', '2', '--accounts', '40', '--end', '2026-09']);
  assert.equal(load.status, 0, load.stderr);
  return dataDir;
}

/** Each JSON result starts with the metrics scripts read, in this order. */
export function assertResultKeys(results: readonly object[]) {
  for (const r of results) {
    assert.deepEqual(Object.keys(r).slice(0, 7), ['name', 'kind', 'auc', 'pr_auc', 'logloss', 'brier', 'ece']);
  }
}
