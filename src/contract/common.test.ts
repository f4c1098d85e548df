// Free-form JSON in answers: `boundedJson` turns any JSON into a value the closed `json()` schema accepts,
// unchanged when it nests no deeper than JSON_DEPTH, its deeper parts as their JSON text otherwise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Compile } from 'typebox/compile';
import { boundedJson, boundedJsonObject, json, JSON_DEPTH, jsonObject } from './common.ts';

/** Containers nested in a value: 0 for a scalar, 1 for [1] or {a: 1}. */
const depthOf = (v: unknown): number =>
  v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;

describe('free-form JSON in answers', () => {
  const value = Compile(json());
  const object = Compile(jsonObject());

  it('keeps JSON that nests up to JSON_DEPTH as it is, and always matches the schema', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: JSON_DEPTH + 3 }), (v) => {
        const plain: unknown = JSON.parse(JSON.stringify(v));
        const bounded = boundedJson(plain);
        assert.ok(value.Check(bounded), JSON.stringify(bounded));
        if (depthOf(plain) <= JSON_DEPTH) assert.deepEqual(bounded, plain);
      }),
    );
  });

  it('sends the parts deeper than JSON_DEPTH as their JSON text', () => {
    const deep = { a: { b: { c: { d: { e: [1] } } } }, list: [1, [2, [3, [4, [5]]]]] };
    assert.equal(depthOf(deep), 6);
    assert.ok(!value.Check(deep), 'the schema refuses what it does not describe');
    assert.deepEqual(boundedJson(deep), {
      a: { b: { c: { d: '{"e":[1]}' } } },
      list: [1, [2, [3, '[4,[5]]']]],
    });
    const details = boundedJsonObject({ at: new Date('2024-01-02T03:04:05Z'), nothing: undefined, deep });
    assert.ok(object.Check(details));
    assert.deepEqual(Object.keys(details), ['at', 'deep']);
    assert.equal(details.at, '2024-01-02T03:04:05.000Z');
  });

  it('is closed: every level of the schema names its type', () => {
    assert.ok(!value.Check(undefined));
    assert.ok(!object.Check([1]));
    assert.ok(!object.Check('text'));
  });
});
