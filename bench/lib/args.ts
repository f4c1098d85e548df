// Small validators for options parsed with node:util parseArgs (strict: unknown flags are errors).

/** Reads a positive integer option, accepting `1_000_000` and `1,000,000` spellings. */
export function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Reads an option restricted to a few values. */
export function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  const found = allowed.find((a) => a === raw);
  if (found === undefined) throw new Error(`--${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return found;
}
