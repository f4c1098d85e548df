import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cohortRetention } from './cohorts.ts';
import { ledgerFor, period } from './testing.ts';

describe('cohorts', () => {
  const ledger = ledgerFor(
    {
      periods: [
        period('a', '2024-01-01', null, 10_000),
        period('a', '2024-03-01', null, 10_000), // expands in its third month
        period('b', '2024-01-01', '2024-02-01', 10_000), // leaves after one month
        period('b', '2024-04-01', null, 5_000), // and comes back smaller
        period('c', '2024-02-01', null, 30_000),
      ],
    },
    '2024-04-30',
  );

  it('builds logo and revenue retention by signup month', () => {
    const [january, february, ...rest] = cohortRetention(ledger);
    assert.equal(rest.length, 0);
    assert.deepEqual([january?.label, january?.customers, january?.startingMrrMinor], ['2024-01', 2, 20_000]);
    assert.deepEqual(january?.payingCustomers, [2, 1, 1, 2]);
    assert.deepEqual(january?.mrrMinor, [20_000, 10_000, 20_000, 25_000]);
    assert.deepEqual(january?.logoRetention, [1, 0.5, 0.5, 1]);
    assert.deepEqual(january?.revenueRetention, [1, 0.5, 1, 1.25]);
    assert.deepEqual(
      [february?.label, february?.logoRetention, february?.revenueRetention],
      ['2024-02', [1, 1, 1], [1, 1, 1]],
    );
  });

  it('keeps only the accounts asked for', () => {
    const rows = cohortRetention(ledger, (id) => id !== 'b');
    assert.deepEqual(
      rows.map((r) => [r.label, r.customers]),
      [
        ['2024-01', 1],
        ['2024-02', 1],
      ],
    );
  });
});
