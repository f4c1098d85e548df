import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findJsonProblem, MAX_JSON_DEPTH, unstorableText } from './text.ts';

describe('unstorableText', () => {
  it('names NUL and unpaired surrogates, accepts every other string', () => {
    assert.match(unstorableText('a\u0000') ?? '', /NUL/);
    assert.match(unstorableText('\ud83d') ?? '', /unpaired/);
    assert.match(unstorableText('\ude00x') ?? '', /unpaired/);
    assert.equal(unstorableText('😀 é \ufffd \u0001'), null);
  });

  it('agrees with UTF-8 round trips for any string without NUL', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const roundTrips = Buffer.from(text, 'utf8').toString('utf8') === text;
        assert.equal(unstorableText(text) === null, roundTrips && !text.includes('\u0000'));
      }),
    );
  });
});

describe('findJsonProblem', () => {
  const deep = (n: number): unknown => (n === 0 ? 1 : [deep(n - 1)]);
  it('bounds nesting at the documented depth', () => {
    assert.equal(findJsonProblem(deep(MAX_JSON_DEPTH)), null);
    assert.deepEqual(findJsonProblem(deep(MAX_JSON_DEPTH + 1)), {
      path: '[0]'.repeat(MAX_JSON_DEPTH),
      expected: 'objects and arrays nested at most 64 levels deep',
    });
  });

  it('names the path of a bad string or key', () => {
    assert.equal(findJsonProblem({ a: { 'b c': ['x', 'y\u0000'] } })?.path, 'a["b c"][1]');
    assert.equal(findJsonProblem({ a: { ['k\ud800']: 1 } })?.path, 'a["k?"]');
  });
});
