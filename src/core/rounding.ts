// Integer rounding for money: every rounding in the revenue core is half-to-even ("banker's"), so ties
// do not drift totals upwards when many amounts are rounded.

/** Nearest integer, ties to even: 2.5 → 2, 3.5 → 4, -2.5 → -2. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

function bigDivRoundHalfEven(num: bigint, den: bigint): number {
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  let q = n / d;
  const twice = (n % d) * 2n;
  if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
  return Number(negative ? -q : q);
}

/** (a × b) ÷ den rounded half-even, exact for integer a, b and a positive integer den. */
export function mulDivRoundHalfEven(a: number, b: number, den: number): number {
  const num = a * b;
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den <= 0) {
    return bigDivRoundHalfEven(BigInt(a) * BigInt(b), BigInt(den));
  }
  let q = Math.floor(num / den);
  let r = num - q * den;
  if (r < 0) {
    q -= 1;
    r += den;
  } else if (r >= den) {
    q += 1;
    r -= den;
  }
  const twice = 2 * r;
  if (twice > den || (twice === den && q % 2 !== 0)) q += 1;
  return q;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/**
 * amountMinor × factor × 10^shift rounded half-even, exact for the factor's shortest decimal form
 * (String(factor): a rate read from numeric(24,12) is used digit for digit). Floats decide when the
 * result is clearly not near a tie; near a tie the product is redone in BigInt.
 */
export function scaleRoundHalfEven(amountMinor: number, factor: number, shift: number): number {
  const x = amountMinor * factor * 10 ** shift;
  const frac = x - Math.floor(x);
  const tolerance = Math.abs(x) * 2 ** -40 + 2 ** -30;
  if (Math.abs(frac - 0.5) > tolerance && Number.isSafeInteger(Math.round(x))) return Math.round(x);
  const match = DECIMAL.exec(String(factor));
  if (!match || !Number.isSafeInteger(amountMinor)) throw new RangeError(`cannot scale ${amountMinor} by ${factor}`);
  const fraction = match[2] ?? '';
  const mantissa = BigInt((match[1] ?? '0') + fraction);
  const exponent = Number(match[3] ?? '0') - fraction.length + shift;
  const product = BigInt(amountMinor) * mantissa;
  if (exponent >= 0) return Number(product * 10n ** BigInt(exponent));
  return bigDivRoundHalfEven(product, 10n ** BigInt(-exponent));
}
