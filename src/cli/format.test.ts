import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { toCsv } from './format.ts';

describe('--format csv', () => {
  it('escapes text cells that could start a formula and keeps numbers, negative ones too, as numbers', () => {
    const csv = toCsv(
      ['account', 'churn', 'note'],
      [
        { account: '=cmd|" /C calc"!A0', churn: '-1250.00', note: '+1 555' },
        { account: 'Acme', churn: -12.5, note: '@here' },
        { account: '\tTabbed', churn: 0, note: 'plain' },
      ],
    );
    assert.deepEqual(parse(csv), [
      ['account', 'churn', 'note'],
      ['\'=cmd|" /C calc"!A0', '-1250.00', "'+1 555"],
      ['Acme', '-12.5', "'@here"],
      ["'\tTabbed", '0', 'plain'],
    ]);
  });
});
