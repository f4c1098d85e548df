import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currencyExponent, formatMinor, isCurrencyCode, parseMajorToMinor } from './money.ts';

describe('money', () => {
  it('knows ISO 4217 exponents', () => {
    assert.equal(currencyExponent('USD'), 2);
    assert.equal(currencyExponent('EUR'), 2);
    assert.equal(currencyExponent('JPY'), 0);
    assert.equal(currencyExponent('KRW'), 0);
    assert.equal(currencyExponent('KWD'), 3);
    assert.equal(currencyExponent('BHD'), 3);
    assert.equal(currencyExponent('CLF'), 4);
    assert.throws(() => currencyExponent('XYZ'), /unknown currency code "XYZ"/);
  });

  it('accepts only known upper-case codes', () => {
    assert.equal(isCurrencyCode('USD'), true);
    assert.equal(isCurrencyCode('HRK'), true);
    assert.equal(isCurrencyCode('usd'), false);
    assert.equal(isCurrencyCode('UDS'), false);
    assert.equal(isCurrencyCode('US'), false);
  });

  it('parses major-unit decimals exactly', () => {
    assert.equal(parseMajorToMinor('50', 'USD'), 5000);
    assert.equal(parseMajorToMinor('49.99', 'USD'), 4999);
    assert.equal(parseMajorToMinor('0.1', 'USD'), 10);
    assert.equal(parseMajorToMinor('0.2', 'USD'), 20);
    // 0.1 + 0.2 in floats is 0.30000000000000004; in minor units it is exact.
    assert.equal(parseMajorToMinor('0.1', 'USD')! + parseMajorToMinor('0.2', 'USD')!, parseMajorToMinor('0.3', 'USD'));
    assert.equal(parseMajorToMinor('1.15', 'USD'), 115); // 1.15 * 100 is 114.99999999999999 in floats
    assert.equal(parseMajorToMinor('0', 'USD'), 0);
    assert.equal(parseMajorToMinor('007.5', 'USD'), 750);
    assert.equal(parseMajorToMinor('100', 'JPY'), 100);
    assert.equal(parseMajorToMinor('1.234', 'KWD'), 1234);
    assert.equal(parseMajorToMinor('90071992547409.91', 'USD'), 9007199254740991);
  });

  it('accepts extra digits only when they are zeros', () => {
    assert.equal(parseMajorToMinor('49.990', 'USD'), 4999);
    assert.equal(parseMajorToMinor('100.00', 'JPY'), 100);
    assert.equal(parseMajorToMinor('1.005', 'USD'), null);
    assert.equal(parseMajorToMinor('100.5', 'JPY'), null);
    assert.equal(parseMajorToMinor('1.2345', 'KWD'), null);
  });

  it('refuses anything but a plain non-negative decimal', () => {
    for (const text of ['-1', '+1', '1,000', '1 000', ' 1', '1e3', '.5', '5.', '', 'abc', '$5', '0x10', 'Infinity']) {
      assert.equal(parseMajorToMinor(text, 'USD'), null, text);
    }
    assert.equal(parseMajorToMinor('90071992547409.92', 'USD'), null, 'beyond the safe integer range');
  });

  it('formats minor units as major-unit text', () => {
    assert.equal(formatMinor(4999, 'USD'), '49.99');
    assert.equal(formatMinor(5, 'USD'), '0.05');
    assert.equal(formatMinor(0, 'USD'), '0.00');
    assert.equal(formatMinor(-50, 'USD'), '-0.50');
    assert.equal(formatMinor(100, 'JPY'), '100');
    assert.equal(formatMinor(1234, 'KWD'), '1.234');
    assert.throws(() => formatMinor(0.5, 'USD'), /safe integer/);
  });

  it('round-trips through format and parse', () => {
    for (const [minor, currency] of [
      [0, 'USD'],
      [1, 'USD'],
      [123456789, 'EUR'],
      [7, 'JPY'],
      [1001, 'KWD'],
    ] as const) {
      assert.equal(parseMajorToMinor(formatMinor(minor, currency), currency), minor);
    }
  });
});
