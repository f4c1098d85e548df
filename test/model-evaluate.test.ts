// `tenure model evaluate`: the done-when on IBM's Telco sample, bad files, and no store opened.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runTenure, tempDir } from './helpers/cli.ts';

const TELCO = path.resolve(import.meta.dirname, 'fixtures/telco/Telco-Customer-Churn.csv');

// A store nothing listens on: a command that tried to open one would fail.
const NO_STORE = { DATABASE_URL: 'postgres://tenure@127.0.0.1:1/none' };

/** The real CLI in a child process (the test runner reports over this process's stdout, so it is not captured). */
function run(argv: string[]) {
  const { status, stdout, stderr } = runTenure(argv, NO_STORE);
  return { code: status, stdout, stderr };
}

interface Evaluation {
  models: { name: string; auc: number; pr_auc: number; logloss: number; brier: number; ece: number }[];
  rows: number;
}

describe('tenure model evaluate', () => {
  it('cross-validates both trainers and their blend on the Telco churn file, best ROC AUC at the published level, no store opened', () => {
    const result = run([
      'model',
      'evaluate',
      '--csv',
      TELCO,
      '--target',
      'Churn',
      '--id',
      'customerID',
      '--folds',
      '5',
      '--format',
      'json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const evaluation = JSON.parse(result.stdout) as Evaluation;
    assert.equal(evaluation.rows, 7043);
    assert.deepEqual(
      evaluation.models.map((m) => m.name),
      ['logistic_regression', 'gradient_boosted_trees', 'blend'],
    );
    for (const m of evaluation.models) {
      assert.deepEqual(Object.keys(m).slice(0, 6), ['name', 'auc', 'pr_auc', 'logloss', 'brier', 'ece']);
      // scikit-learn's logistic regression and gradient boosting reach about 0.845 here.
      assert.ok(m.auc > 0.845, `${m.name} AUC ${m.auc}`);
      assert.ok(m.pr_auc > 0.6 && m.logloss < 0.43 && m.brier < 0.14 && m.ece < 0.05, JSON.stringify(m));
    }
    // The blend (mean of the two calibrated probabilities, fitted on the training folds only) gives 0.85004 on
    // seed 1; seeds 2 and 3 give a best of 0.8512 and 0.8504. The margin over 0.85 is small: a real change to a
    // trainer that lowers it shows here.
    const best = Math.max(...evaluation.models.map((m) => m.auc));
    assert.ok(best >= 0.85, `best AUC ${best}`);
  });

  it('names the file and line of a bad CSV, and the target values it cannot read', () => {
    const dir = tempDir();
    const ragged = path.join(dir, 'ragged.csv');
    fs.writeFileSync(ragged, 'id,x,churn\na,1,yes\nb,2\n');
    const r1 = run(['model', 'evaluate', '--csv', ragged, '--target', 'churn', '--format', 'json']);
    assert.equal(r1.code, 1);
    assert.match(r1.stderr, /ragged\.csv:3: expected 3 fields as in the header, found "2"/);
    const maybe = path.join(dir, 'maybe.csv');
    fs.writeFileSync(maybe, 'id,x,churn\na,1,yes\nb,2,no\nc,3,maybe\n');
    const r2 = run(['model', 'evaluate', '--csv', maybe, '--target', 'churn']);
    assert.equal(r2.code, 1);
    assert.match(
      r2.stderr,
      /maybe\.csv:4: field "churn" expected a target of Yes\/No, true\/false or 1\/0, found "yes, no, maybe"/,
    );
    const r3 = run(['model', 'evaluate', '--csv', path.join(dir, 'none.csv'), '--target', 'churn']);
    assert.equal(r3.code, 1);
    assert.match(r3.stderr, /none\.csv: expected a readable CSV file, found "no such file"/);
    const r4 = run(['model', 'evaluate', '--csv', maybe, '--target', 'churn', '--folds', '1']);
    assert.equal(r4.code, 2);
    assert.match(r4.stderr, /--folds must be a whole number from 2 to 20/);
  });
});
