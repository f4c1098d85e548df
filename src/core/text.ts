// Text PostgreSQL can store: it refuses NUL (U+0000) in text and jsonb, and an unpaired UTF-16 surrogate cannot be
// encoded as UTF-8 at all (drivers would turn it into U+FFFD). Input holding either is refused, never altered.

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What makes a string unstorable, as words for an error's "expected": null when it can be stored as is. */
export function unstorableText(text: string): string | null {
  if (text.includes('\u0000')) return 'text without NUL (U+0000) characters';
  if (UNPAIRED_SURROGATE.test(text)) return 'text without unpaired UTF-16 surrogates (valid Unicode)';
  return null;
}

/** Nesting of objects and arrays inside one JSON value (a Segment message, a Stripe object) at most this deep. */
export const MAX_JSON_DEPTH = 64;

export interface JsonProblem {
  /** Where: `properties.items[2].name`; '' for the value itself. */
  path: string;
  expected: string;
}

const keyPath = (path: string, key: string) =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;

/**
 * The first string (value or key) that cannot be stored, or the first object or array nested deeper than
 * `maxDepth` levels below `value`, in document order; null when the whole value can be stored.
 */
export function findJsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH, path = '', depth = 0): JsonProblem | null {
  if (typeof value === 'string') {
    const expected = unstorableText(value);
    return expected === null ? null : { path, expected };
  }
  if (typeof value !== 'object' || value === null) return null;
  // The value itself is the first level.
  if (depth >= maxDepth) return { path, expected: `objects and arrays nested at most ${maxDepth} levels deep` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = findJsonProblem(value[i], maxDepth, `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = unstorableText(key);
    if (keyProblem !== null)
      return { path: keyPath(path, key.replace(/[\u0000\ud800-\udfff]/g, '?')), expected: `a key of ${keyProblem}` };
    const problem = findJsonProblem(item, maxDepth, keyPath(path, key), depth + 1);
    if (problem) return problem;
  }
  return null;
}
