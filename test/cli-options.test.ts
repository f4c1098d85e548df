// Bad option values end the command with exit 2 and a message naming the flag, before any store is opened.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runTenure, tempDir } from './helpers/cli.ts';

describe('tenure report options', () => {
  it('exits 2 on impossible days, bad months, intervals and dimensions, naming the flag', () => {
    const dataDir = path.join(tempDir(), 'data');
    const cases: [string[], RegExp][] = [
      [['report', 'mrr', '--as-of', '2024-02-30'], /--as-of must be a calendar day YYYY-MM-DD .*found "2024-02-30"/],
      [['report', 'retention', '--as-of', '99999-01-01'], /--as-of must be a calendar day/],
      [['report', 'mrr', '--from', '2024-13'], /--from must be a month YYYY-MM/],
      [['report', 'mrr', '--interval', 'week'], /--interval must be one of month, quarter, year, t12m/],
      [['report', 'cohorts', '--by', 'colour'], /--by must be one of/],
      [['report', 'adoption', '--window-days', '0'], /--window-days must be a whole number from 1 to 366/],
      [['explain', 'acme', '--month', '2024-00'], /--month must be a month/],
      [['recompute', '--as-of', '2023-02-29'], /--as-of must be a calendar day/],
    ];
    for (const [args, message] of cases) {
      const result = runTenure([...args, '--data-dir', dataDir]);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
    }
  });
});
