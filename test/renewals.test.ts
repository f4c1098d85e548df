// Renewals on both engines: the hand-computed fixture (test/fixtures/renewals) imported, reported and re-imported.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renewalCsv } from '../src/cli/commands/report-renewals.ts';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import { UsageError } from '../src/services/errors.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { importAccounts } from '../src/services/import-accounts.ts';
import { importFx } from '../src/services/import-fx.ts';
import { importContracts } from '../src/services/renewals/import-contracts.ts';
import { renewalReport } from '../src/services/renewals/report.ts';
import type { Store } from '../src/store/types.ts';
import { runTenure, tempDir } from './helpers/cli.ts';
import { countRows, rejectsWith } from './helpers/import.ts';
import { engines, testContext } from './helpers/store.ts';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures', 'renewals');
const CONTRACTS = path.join(FIXTURES, 'contracts.csv');
const FX = path.join(FIXTURES, 'fx.csv');
const HEADER =
  'period,due,renewed,churned,excluded,pending,renewal_rate,due_amount,renewed_amount,renewal_amount_rate_gross,renewal_amount_rate_net\n';

// Worked by hand. 2026-Q1: A (flat 10,000), B (20,000 → 25,000), C (30,000 → 24,000), F (8,000 → 8,800, 85 days
// early), G (12,000, 21 days late) renewed; D (5,000) churned; X excluded. Base 85,000; renewed 79,800;
// gross Σ min = 10,000 + 20,000 + 24,000 + 8,000 + 12,000 = 74,000. 2026-Q2: H (3 years, 15,000 → 18,000),
// E (EUR 10,000 at 1.10 both sides), K-1 and K-2 (6,000 + 4,000 co-termed into 11,000: 6,600 and 4,400) renewed;
// P pending. Base 36,000; renewed 40,000; gross 36,000.
const YEARS =
  HEADER +
  '2026,13,9,1,1,2,0.900000,121000.00,119800.00,0.909091,0.990083\n' +
  '2027,6,0,0,0,6,,0.00,0.00,,\n' +
  '2028,0,0,0,0,0,,0.00,0.00,,\n' +
  '2029,1,0,0,0,1,,0.00,0.00,,\n';

const zeros = (periods: string[]) => periods.map((p) => `${p},0,0,0,0,0,,0.00,0.00,,\n`).join('');
const QUARTERS =
  HEADER +
  '2026-Q1,7,5,1,1,0,0.833333,85000.00,79800.00,0.870588,0.938824\n' +
  '2026-Q2,5,4,0,0,1,1.000000,36000.00,40000.00,1.000000,1.111111\n' +
  zeros(['2026-Q3']) +
  '2026-Q4,1,0,0,0,1,,0.00,0.00,,\n' +
  '2027-Q1,3,0,0,0,3,,0.00,0.00,,\n' +
  '2027-Q2,3,0,0,0,3,,0.00,0.00,,\n' +
  zeros(['2027-Q3', '2027-Q4', '2028-Q1', '2028-Q2', '2028-Q3', '2028-Q4', '2029-Q1']) +
  '2029-Q2,1,0,0,0,1,,0.00,0.00,,\n';

for (const engine of engines()) {
  describe(`renewals (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    before(async () => {
      store = await engine.open();
      ctx = testContext(store);
      await importFx({ ctx, input: { path: FX } });
    });
    after(() => store.close());

    it('refuses a file with one bad row whole, naming line and field', async () => {
      const lines = fs.readFileSync(CONTRACTS, 'utf8').split('\n');
      lines[7] = 'D-1,churned,2025-02-10,2025-02-10,5000,USD,no,30,';
      await rejectsWith(
        importContracts({ ctx, input: { text: lines.join('\n'), name: 'bad.csv' } }),
        'bad.csv:8: field "end_date" expected a date after start_date 2025-02-10',
      );
      lines[7] = 'D-1,churned,2025-02-10,2026-02-10,5000.001,USD,no,30,';
      await rejectsWith(
        importContracts({ ctx, input: { text: lines.join('\n'), name: 'bad.csv' } }),
        'bad.csv:8: field "arr"',
      );
      lines[7] = 'A-1,churned,2025-02-10,2026-02-10,5000,USD,no,30,';
      await rejectsWith(
        importContracts({ ctx, input: { text: lines.join('\n'), name: 'bad.csv' } }),
        'bad.csv:8: field "contract_id" expected a key not used before in the file (line 2 has it too)',
      );
      assert.deepEqual(await countRows(store, 'contracts', 'accounts', 'import_runs'), {
        contracts: 0,
        accounts: 0,
        import_runs: 1, // the FX rates
      });
    });

    it('imports the fixture, creating its accounts, and reports the hand-computed rates', async () => {
      const summary = await importContracts({ ctx, input: { path: CONTRACTS } });
      assert.deepEqual([summary.kind, summary.read, summary.created, summary.updated], ['csv:contracts', 20, 20, 0]);
      assert.deepEqual(summary.byKind?.accounts, { created: 11, updated: 0, unchanged: 0 });
      assert.equal(renewalCsv(await renewalReport({ ctx, asOf: '2026-06-30', interval: 'year' })), YEARS);
      assert.equal(renewalCsv(await renewalReport({ ctx, asOf: '2026-06-30', interval: 'quarter' })), QUARTERS);
    });

    it('decides churn by the as-of day: D is still pending within its grace', async () => {
      const report = await renewalReport({ ctx, asOf: '2026-03-01', interval: 'quarter' });
      assert.equal(renewalCsv(report).split('\n')[1], '2026-Q1,7,5,0,1,1,1.000000,80000.00,79800.00,0.925000,0.997500');
    });

    it('breaks down by an account dimension over the same periods, accounts without a value as (none)', async () => {
      const accounts =
        'id,name,industry\nflat,Flat Inc,Software\nexpanded,Expanded Ltd,Software\nchurned,Gone Co,Retail\n';
      await importAccounts({ ctx, input: { text: accounts, name: 'accounts.csv' } });
      const report = await renewalReport({ ctx, asOf: '2026-06-30', interval: 'year', by: 'industry' });
      // (none): the fixture less A, B and D: base 121,000 − 35,000 = 86,000 … renewed 119,800 − 35,000 = 84,800,
      // gross 110,000 − 30,000 = 80,000.
      assert.equal(
        renewalCsv(report),
        'group,' +
          HEADER +
          '(none),2026,10,7,0,1,2,1.000000,86000.00,84800.00,0.930233,0.986047\n' +
          '(none),2027,4,0,0,0,4,,0.00,0.00,,\n' +
          '(none),2028,0,0,0,0,0,,0.00,0.00,,\n' +
          '(none),2029,1,0,0,0,1,,0.00,0.00,,\n' +
          'Retail,2026,1,0,1,0,0,0.000000,5000.00,0.00,0.000000,0.000000\n' +
          'Retail,2027,0,0,0,0,0,,0.00,0.00,,\n' +
          'Retail,2028,0,0,0,0,0,,0.00,0.00,,\n' +
          'Retail,2029,0,0,0,0,0,,0.00,0.00,,\n' +
          'Software,2026,2,2,0,0,0,1.000000,30000.00,35000.00,1.000000,1.166667\n' +
          'Software,2027,2,0,0,0,2,,0.00,0.00,,\n' +
          'Software,2028,0,0,0,0,0,,0.00,0.00,,\n' +
          'Software,2029,0,0,0,0,0,,0.00,0.00,,\n',
      );
    });

    it('re-imports idempotently by contract_id, and updates a changed contract', async () => {
      const again = await importContracts({ ctx, input: { path: CONTRACTS } });
      assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 20]);
      const text = fs
        .readFileSync(CONTRACTS, 'utf8')
        .replace(
          'D-1,churned,2025-02-10,2026-02-10,5000,USD,no,30,',
          'D-1,churned,2025-02-10,2026-02-10,5000,USD,no,30,bankrupt',
        );
      const changed = await importContracts({ ctx, input: { text, name: 'contracts.csv' } });
      assert.deepEqual([changed.created, changed.updated, changed.unchanged], [0, 1, 19]);
      assert.deepEqual(await countRows(store, 'contracts'), { contracts: 20 });
      const [row] = renewalCsv(await renewalReport({ ctx, asOf: '2026-06-30', interval: 'year' }))
        .split('\n')
        .slice(1);
      // D excluded now: 9 renewed of 9, base 116,000 (121,000 without D’s 5,000), gross 110,000, renewed 119,800.
      assert.equal(row, '2026,13,9,0,2,2,1.000000,116000.00,119800.00,0.948276,1.032759');
    });
  });
}

describe('renewal settings and rates', () => {
  it('reads TENURE_RENEWAL_EARLY_DAYS and TENURE_RENEWAL_GRACE_DAYS, and refuses a bad value', () => {
    assert.deepEqual(loadConfig({}).renewals, { earlyDays: 90, graceDays: 30 });
    const env = { TENURE_RENEWAL_EARLY_DAYS: '60', TENURE_RENEWAL_GRACE_DAYS: '0' };
    assert.deepEqual(loadConfig(env).renewals, { earlyDays: 60, graceDays: 0 });
    assert.throws(() => loadConfig({ TENURE_RENEWAL_GRACE_DAYS: '-1' }), /TENURE_RENEWAL_GRACE_DAYS must be a whole/);
  });

  it('refuses to report amounts in a currency without a rate, naming the rate to import', async () => {
    const [engine] = engines();
    assert.ok(engine);
    const store = await engine.open();
    try {
      const ctx = testContext(store);
      await importContracts({ ctx, input: { path: CONTRACTS } });
      await assert.rejects(
        renewalReport({ ctx, asOf: '2026-06-30', interval: 'year' }),
        (error: unknown) =>
          error instanceof UsageError && /no EUR→USD rate on or before 2026-04-15/.test(error.message),
      );
    } finally {
      await store.close();
    }
  });
});

describe('contracts upload (HTTP)', () => {
  it('imports an uploaded contracts file, and refuses a bad one whole with 422 naming line and field', async () => {
    const [engine] = engines();
    assert.ok(engine);
    const store = await engine.open();
    try {
      const ctx = testContext(store);
      const write = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'write' })).key}` };
      const app = await buildApp({ ctx, checkResponses: true });
      const upload = async (name: string, content: string) => {
        const boundary = '----tenure-renewals';
        const payload =
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
          `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
        const headers = { ...write, 'content-type': `multipart/form-data; boundary=${boundary}` };
        return app.inject({ method: 'POST', url: '/api/v1/imports/contracts', payload, headers });
      };
      const good = await upload('contracts.csv', fs.readFileSync(CONTRACTS, 'utf8'));
      assert.equal(good.statusCode, 200, good.body);
      assert.deepEqual(good.json<{ created: number }>().created, 20);
      const bad = await upload(
        'bad.csv',
        fs.readFileSync(CONTRACTS, 'utf8').replace('2029-04-01,18000', '2029-04-01,-5'),
      );
      assert.equal(bad.statusCode, 422, bad.body);
      assert.match(bad.json<{ detail: string }>().detail, /bad\.csv:15: field "arr"/);
      await app.close();
      assert.deepEqual(await countRows(store, 'contracts'), { contracts: 20 });
    } finally {
      await store.close();
    }
  });
});

describe('tenure import contracts / report renewals (CLI)', () => {
  it('imports the fixture and prints the renewals CSV; a bad interval exits 2', () => {
    const dataDir = path.join(tempDir(), 'data');
    const env = { TENURE_REPORTING_CURRENCY: 'USD' };
    assert.equal(runTenure(['import', 'fx', FX, '--data-dir', dataDir], env).status, 0);
    const imported = runTenure(['import', 'contracts', CONTRACTS, '--data-dir', dataDir], env);
    assert.equal(imported.status, 0, imported.stderr);
    assert.ok(imported.stdout.startsWith('read 20, created 20, updated 0, unchanged 0\n'), imported.stdout);
    const args = ['report', 'renewals', '--format', 'csv', '--interval', 'year', '--as-of', '2026-06-30'];
    const report = runTenure([...args, '--data-dir', dataDir], env);
    assert.equal(report.status, 0, report.stderr);
    assert.equal(report.stdout, YEARS);
    const bad = runTenure(['report', 'renewals', '--interval', 't12m', '--data-dir', dataDir], env);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--interval must be one of month, quarter, year, found "t12m"/);
    // By plan: the plan paid in the month before the due day; contracts alone carry no plan, so all are (none).
    const byPlan = runTenure([...args, '--by', 'plan', '--data-dir', dataDir], env);
    assert.equal(byPlan.status, 0, byPlan.stderr);
    assert.equal(byPlan.stdout.split('\n')[1], `(none),${YEARS.split('\n')[1] ?? ''}`);
    const byWeek = runTenure(['report', 'renewals', '--by', 'week', '--data-dir', dataDir], env);
    assert.equal(byWeek.status, 2);
  });
});
