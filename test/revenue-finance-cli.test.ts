// The finance views and trailing-twelve-month rows on the CLI: one story per T12M row, transfers that close
// each plan's identity, cohorts cut at the data's last month, committed ARR, and merges from a file of pairs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { hardCasesExport } from './fixtures/stripe/hard-cases.ts';
import { runTenure, tempDir } from './helpers/cli.ts';
import { DBT_FIXTURE } from './helpers/import.ts';

const AS_OF = '2026-11-22';

function csv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i] ?? '', v])));
}

const minor = (money: string | undefined) => Math.round(Number(money ?? 'NaN') * 100);

function tenure(args: string[]) {
  const result = runTenure(args);
  assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

describe('finance views and trailing rows on the CLI', () => {
  const dataDir = path.join(tempDir('tenure-finance-'), 'data');
  const dir = (args: string[]) => tenure([...args, '--data-dir', dataDir]);
  before(() => {
    const file = path.join(tempDir('tenure-finance-'), 'export.json');
    fs.writeFileSync(file, JSON.stringify(hardCasesExport()));
    dir(['import', 'subscriptions', DBT_FIXTURE]);
    dir(['import', 'stripe', '--file', file]);
  });

  it('shows T12M logo, gross and net MRR churn on the cohort of NRR and GRR: GRR = 1 − gross, NRR = 1 − net', () => {
    const rows = csv(dir(['report', 'retention', '--interval', 't12m', '--format', 'csv', '--as-of', AS_OF]));
    const measured = rows.filter((r) => r.nrr !== '');
    assert.ok(measured.length >= 12, `${measured.length} T12M rows with a cohort`);
    for (const r of measured) {
      const [nrr, grr, net, gross] = [r.nrr, r.grr, r.net_mrr_churn_rate, r.gross_mrr_churn_rate].map(Number);
      assert.ok(Math.abs((grr ?? NaN) - (1 - (gross ?? NaN))) < 2e-6, `${r.month}: GRR ${grr}, gross ${gross}`);
      assert.ok(Math.abs((nrr ?? NaN) - (1 - (net ?? NaN))) < 2e-6, `${r.month}: NRR ${nrr}, net ${net}`);
      assert.ok(['pass', 'fail', 'n/a'].includes(r.logo_churn_under_5pct ?? ''));
    }
  });

  it('adds a transfer column by group, so start + movements + fx + transfer = end in every group and month', () => {
    const rows = csv(dir(['report', 'mrr', '--by', 'plan', '--format', 'csv', '--as-of', AS_OF]));
    assert.ok(
      rows.some((r) => r.transfer !== '0.00'),
      'a plan switch moves MRR between plans',
    );
    const previous = new Map<string, number>();
    for (const r of rows) {
      const moved = ['new', 'expansion', 'contraction', 'churn', 'reactivation', 'fx', 'transfer'].reduce(
        (sum, column) => sum + minor(r[column]),
        0,
      );
      const group = r.group ?? '';
      assert.equal((previous.get(group) ?? 0) + moved, minor(r.mrr), `${group} ${r.month}`);
      previous.set(group, minor(r.mrr));
    }
  });

  it('stops cohort columns at the data’s last month, not today', () => {
    const [header] = dir(['report', 'cohorts', '--format', 'csv', '--as-of', AS_OF]).trim().split('\n');
    // The oldest cohort is 2017-09; the last annual invoice runs to 2026-01: 100 months, m0..m100 (not to 2026-11).
    assert.ok(header?.endsWith(',m100'), header);
  });

  it('prints committed ARR with the scheduled churn by date, and merges accounts from a file of pairs', () => {
    const committed = csv(dir(['report', 'committed-arr', '--format', 'csv', '--as-of', '2025-06-30']));
    assert.deepEqual(
      committed.map((r) => [r.date, r.change, r.account, r.arr]),
      [
        ['2025-06-30', 'ARR', '', committed[0]?.arr],
        ['2026-01-01', 'scheduled churn', 'Leaving Soon', '-24000.00'],
        ['2025-06-30', 'scheduled churn', '', '-24000.00'],
        ['2025-06-30', 'future starts', '', '0.00'],
        ['2025-06-30', 'committed ARR', '', ((minor(committed[0]?.arr) - 2_400_000) / 100).toFixed(2)],
      ],
    );
    const pairs = path.join(tempDir('tenure-pairs-'), 'pairs.csv');
    fs.writeFileSync(pairs, 'from_account_id,into_account_id\ncus_oldbill,cus_newbill\n');
    const before = csv(dir(['report', 'mrr', '--format', 'csv', '--as-of', '2025-06-30', '--from', '2025-04']));
    assert.match(dir(['accounts', 'merge', '--file', pairs]), /Merged cus_oldbill into cus_newbill/);
    const after = csv(dir(['report', 'mrr', '--format', 'csv', '--as-of', '2025-06-30', '--from', '2025-04']));
    assert.deepEqual(
      [minor(after[0]?.churn) - minor(before[0]?.churn), minor(after[0]?.new) - minor(before[0]?.new)],
      [4900, -4900],
    );
    const again = runTenure(['accounts', 'merge', 'cus_oldbill', 'cus_late', '--data-dir', dataDir]);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /not merged yet/);
  });
});
