import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runTenure, tempDir } from './helpers/cli.ts';
import { csvFixture, DBT_FIXTURE } from './helpers/import.ts';

describe('tenure import (CLI)', () => {
  it('imports the dbt fixture, prints the summary, and reports a rerun as unchanged in JSON', () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = runTenure(['import', 'subscriptions', DBT_FIXTURE, '--data-dir', dataDir]);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(
      first.stdout,
      'read 121, created 121, updated 0, unchanged 0\n' +
        '  accounts: created 55, updated 0, unchanged 0\n' +
        '  subscription_periods: created 121, updated 0, unchanged 0\n',
    );
    const again = runTenure(['import', 'subscriptions', DBT_FIXTURE, '--data-dir', dataDir, '--format', 'json']);
    assert.equal(again.status, 0, again.stderr);
    const summary = JSON.parse(again.stdout) as Record<string, unknown>;
    assert.equal(summary.kind, 'csv:subscriptions');
    assert.deepEqual([summary.read, summary.created, summary.updated, summary.unchanged], [121, 0, 0, 121]);
  });

  it('exits 1 naming file, line and field for a bad row, and writes nothing', () => {
    const dir = tempDir();
    const lines = fs.readFileSync(DBT_FIXTURE, 'utf8').split('\n');
    lines[20] = '20,9,2019-02-30,2018-06-01,85';
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, lines.join('\n'));
    const dataDir = path.join(dir, 'data');
    const result = runTenure(['import', 'subscriptions', bad, '--data-dir', dataDir]);
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      `tenure: ${bad}:21: field "start_date" expected a date YYYY-MM-DD between 1970-01-01 and 2100-12-31, found "2019-02-30"\n`,
    );
    const status = runTenure(['status', '--format', 'json', '--data-dir', dataDir]);
    const counts = JSON.parse(status.stdout) as Record<string, unknown>;
    assert.deepEqual([counts.accounts, counts.subscription_periods, counts.import_runs], [0, 0, 0]);
  });

  it('runs every CSV importer, and exits 1 for a file that does not exist', () => {
    const dataDir = path.join(tempDir(), 'data');
    for (const [kind, file, summary] of [
      ['accounts', 'accounts.csv', 'read 5, created 5, updated 0, unchanged 0\n'],
      ['contacts', 'contacts.csv', 'read 3, created 3, updated 0, unchanged 0\n'],
      ['fx', 'fx.csv', 'read 4, created 4, updated 0, unchanged 0\n'], // before the EUR invoice lines need it
      ['invoices', 'invoices.csv', 'read 4, created 4, updated 0, unchanged 0\n'],
    ] as const) {
      const result = runTenure(['import', kind, csvFixture(file), '--data-dir', dataDir]);
      assert.equal(result.status, 0, result.stderr);
      assert.ok(result.stdout.startsWith(summary), `${kind}: ${result.stdout}`);
    }
    const missing = runTenure(['import', 'fx', 'no/such/file.csv', '--data-dir', dataDir]);
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr, 'tenure: no/such/file.csv: expected a readable CSV file, found "no such file"\n');
    assert.equal(
      runTenure(['import', 'subscriptions', DBT_FIXTURE, '--currency', 'XYZ', '--data-dir', dataDir]).status,
      2,
    );
  });
});
