// Money is an integer count of minor units (`amountMinor`) plus an ISO 4217 code; never a float.

/** ISO 4217 codes in use, plus a few retired since 2008 that old billing data still holds (HRK, LTL, LVL, ...). */
const CODES = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BYR BZD ' +
    'CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EEK EGP ERN ETB EUR FJD FKP GBP ' +
    'GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW ' +
    'KWD KYD KZT LAK LBP LKR LRD LSL LTL LVL LYD MAD MDL MGA MKD MMK MNT MOP MRO MRU MUR MVR MWK MXN MXV MYR MZN ' +
    'NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE ' +
    'SLL SOS SRD SSP STD STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED ' +
    'VEF VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMK ZMW ZWG ZWL'
  ).split(' '),
);

/** ISO 4217 minor-unit digits where they are not 2. */
const EXPONENTS: Readonly<Record<string, number>> = {
  ...Object.fromEntries(
    'BIF BYR CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'.split(' ').map((c) => [c, 0]),
  ),
  ...Object.fromEntries('BHD IQD JOD KWD LYD OMR TND'.split(' ').map((c) => [c, 3])),
  CLF: 4,
  UYW: 4,
};

/** True for a known ISO 4217 code, upper case ('USD'; not 'usd', not 'XYZ'). */
export function isCurrencyCode(code: string): boolean {
  return CODES.has(code);
}

/** Digits after the decimal point in the currency's major unit: USD 2, JPY 0, KWD 3. Throws for unknown codes. */
export function currencyExponent(currency: string): number {
  if (!CODES.has(currency)) throw new RangeError(`unknown currency code "${currency}"`);
  return EXPONENTS[currency] ?? 2;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Exact conversion of a major-unit decimal text to minor units: '49.99' USD → 4999, '100' JPY → 100.
 * Accepts only plain non-negative decimals (no sign, exponent, spaces or thousands separators); digits past the
 * currency's exponent must be zeros ('1.50' JPY is refused, '1.500' USD is 150). Null when the text is not that,
 * or when the result is not a safe integer.
 */
export function parseMajorToMinor(text: string, currency: string): number | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const exponent = currencyExponent(currency);
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (/[^0]/.test(fraction.slice(exponent))) return null;
  const minor = BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, '0'));
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : null;
}

/** Minor units as major-unit decimal text without a currency sign: 4999 USD → '49.99', -50 USD → '-0.50'. */
export function formatMinor(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount ${minor} is not a safe integer of minor units`);
  const exponent = currencyExponent(currency);
  const digits = Math.abs(minor)
    .toString()
    .padStart(exponent + 1, '0');
  const sign = minor < 0 ? '-' : '';
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
