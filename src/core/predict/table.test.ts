import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../errors.ts';
import { stratifiedFolds } from './folds.ts';
import { prepareTable, type CsvLike } from './table.ts';

function csv(lines: string[][]): CsvLike {
  const [header = [], ...rows] = lines;
  return { file: 't.csv', header, headerLine: 1, records: rows.map((values, i) => ({ line: i + 2, values })) };
}

describe('training table from a CSV', () => {
  it('tells numeric from categorical columns, keeps blanks missing, drops the id and reads the target', () => {
    const lines = [['id', 'spend', 'plan', 'note', 'churned']];
    for (let i = 0; i < 40; i += 1) {
      lines.push([
        `c${i}`,
        i === 3 ? ' ' : String(i * 1.5),
        i % 2 === 0 ? 'Pro' : 'Basic',
        `free text ${i}`,
        i % 3 === 0 ? 'true' : 'false',
      ]);
    }
    lines.push(['c40', '7', 'Enterprise', 'x', 'FALSE']);
    const table = prepareTable(csv(lines), { target: 'churned', id: 'id', minLevelCount: 5 });
    // The one Enterprise row is pooled; the free-text column pools everything into one level and is dropped.
    assert.deepEqual(table.featureNames, ['spend', 'plan=Basic', 'plan=Pro', 'plan=(other)']);
    assert.deepEqual(
      table.columns.map((c) => c.kind),
      ['numeric', 'categorical', 'dropped'],
    );
    assert.ok(Number.isNaN(table.rows[3]?.[0]));
    assert.deepEqual(table.rows[0], [0, 0, 1, 0]);
    assert.deepEqual(table.rows[40], [7, 0, 0, 1]);
    assert.equal(table.positive, 'true');
    assert.equal(table.labels.filter((y) => y === 1).length, 14);
  });

  it('reads Yes/No and 1/0 targets; anything else is an error naming the column and the values', () => {
    const yes = prepareTable(
      csv([
        ['x', 'Churn'],
        ['1', 'Yes'],
        ['2', 'No'],
      ]),
      { target: 'Churn' },
    );
    assert.deepEqual(yes.labels, [1, 0]);
    const one = prepareTable(
      csv([
        ['x', 'y'],
        ['1', '0'],
        ['2', '1'],
      ]),
      { target: 'y' },
    );
    assert.deepEqual(one.labels, [0, 1]);
    assert.throws(
      () =>
        prepareTable(
          csv([
            ['x', 'Churn'],
            ['1', 'Yes'],
            ['2', 'Maybe'],
          ]),
          { target: 'Churn' },
        ),
      (error: unknown) => error instanceof InputError && /t\.csv:3: field "Churn".*"Yes, Maybe"/.test(error.message),
    );
    assert.throws(
      () =>
        prepareTable(
          csv([
            ['x', 'Churn'],
            ['1', 'Yes'],
          ]),
          { target: 'Status' },
        ),
      /t\.csv:1: field "--target" expected a column named "Status"/,
    );
    assert.throws(
      () =>
        prepareTable(
          csv([
            ['x', 'Churn'],
            ['1', 'Yes', '3'],
          ]),
          { target: 'Churn' },
        ),
      /t\.csv:2:/,
    );
  });

  it('deals stratified folds: every fold within one positive of the others, the same by seed', () => {
    const labels = Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const folds = stratifiedFolds(labels, 5, 9);
    const positives = [0, 1, 2, 3, 4].map((f) => labels.filter((y, i) => y === 1 && folds[i] === f).length);
    const sizes = [0, 1, 2, 3, 4].map((f) => folds.filter((g) => g === f).length);
    assert.ok(Math.max(...positives) - Math.min(...positives) <= 1, positives.join(','));
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, sizes.join(','));
    assert.deepEqual(stratifiedFolds(labels, 5, 9), folds);
    assert.notDeepEqual(stratifiedFolds(labels, 5, 10), folds);
  });
});
