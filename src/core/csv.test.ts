import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { csvField } from './csv.ts';

/** What a spreadsheet would see in the field: RFC 4180 unquoting. */
const unquote = (field: string) => (field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field);

describe('csvField', () => {
  it('escapes cells that begin a formula (OWASP), quoting where needed', () => {
    const cases: [string, string][] = [
      ['=1+2', "'=1+2"],
      ['+41 22 000', "'+41 22 000"],
      ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\t=1', "'\t=1"],
      ['\r=1', '"\'\r=1"'],
      ['=HYPERLINK("http://x", "a,b")', '"\'=HYPERLINK(""http://x"", ""a,b"")"'],
      ['-', "'-"],
      ['-1e3', "'-1e3"],
    ];
    for (const [text, field] of cases) assert.equal(csvField(text), field, text);
  });

  it('keeps plain numbers, negative ones too, and ordinary text as they are', () => {
    for (const text of ['-12.5', '-0.50', '42', '0', 'Acme', 'a-b', 'x=1', 'e@mail.test']) {
      assert.equal(csvField(text), text);
    }
    assert.equal(csvField('Acme, Inc.'), '"Acme, Inc."');
  });

  it('never lets a field start a formula, and changes no other field beyond quoting', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const seen = unquote(csvField(text));
        const formula = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text);
        assert.equal(seen, formula ? `'${text}` : text);
      }),
    );
  });
});
