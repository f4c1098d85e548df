import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InputError } from '../core/errors.ts';
import { decodeUtf8, Utf8Decoder } from './encoding.ts';

function refusal(bytes: Uint8Array): InputError {
  try {
    decodeUtf8(bytes, 'up.csv');
  } catch (error) {
    assert.ok(error instanceof InputError);
    return error;
  }
  assert.fail('decoded');
}

describe('decodeUtf8', () => {
  it('decodes UTF-8 with or without a BOM', () => {
    assert.equal(decodeUtf8(Buffer.from('\ufeffid,name\nä,€😀\n'), 'a.csv'), 'id,name\nä,€😀\n');
  });

  it('refuses Latin-1, UTF-16 with and without a BOM, and NUL, naming the line', () => {
    const latin1 = refusal(Buffer.from('id,name\nacme,Acme\nzurich,Zürich AG\n', 'latin1'));
    assert.equal(latin1.location.line, 3);
    assert.match(latin1.message, /^up\.csv:3: expected UTF-8 text, found "bytes that are not UTF-8/);
    const bom16 = refusal(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\n', 'utf16le')]));
    assert.match(bom16.message, /up\.csv:1: .*UTF-16 byte order mark: not UTF-8/);
    const plain16 = refusal(Buffer.from('id,name\n', 'utf16le'));
    assert.match(plain16.message, /up\.csv:1: .*NUL byte: not UTF-8 text \(UTF-16\?/);
    assert.equal(refusal(Buffer.from('a\nb\nc,\u0000\n')).location.line, 3);
    // Encoded surrogates (CESU-8), overlongs and a character cut at the end are not UTF-8 either.
    for (const bad of [
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
      [0xe2, 0x82],
    ]) {
      assert.match(refusal(Buffer.from([0x61, 0x0a, ...bad])).message, /up\.csv:2: .*not UTF-8/);
    }
  });

  it('agrees with the platform decoder on any bytes, in any chunking', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat({ max: 40 }), (bytes, cut) => {
        let expected: string | null;
        try {
          expected = bytes.includes(0) ? null : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          expected = null;
        }
        if (bytes[0] === 0xff || bytes[0] === 0xfe) expected = null;
        let actual: string | null;
        try {
          const decoder = new Utf8Decoder('f');
          actual = decoder.decode(bytes.subarray(0, cut)) + decoder.decode(bytes.subarray(cut), true);
        } catch (error) {
          assert.ok(error instanceof InputError);
          actual = null;
        }
        assert.equal(actual, expected);
      }),
    );
  });
});
