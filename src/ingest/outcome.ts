// Every ingest step answers with an explicit outcome (GUIDE convention 7), so each event that is not stored
// is counted with its reason: `drop` for what is deliberately skipped (a duplicate), `dead-letter` for input
// that is wrong and is reported back to the sender.

/** What was wrong with a message: the field, what was expected and what was found. */
export interface Rejection {
  field: string | undefined;
  expected: string;
  /** What was found, for people: a value as JSON (strings quoted), or a description. */
  found?: string | undefined;
  /** The same as plain text (a string value unquoted), for errors that quote it themselves. */
  foundText?: string | undefined;
}

export type Outcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'drop'; reason: string }
  | { kind: 'dead-letter'; reason: string; rejection: Rejection };

export const ok = <T>(value: T): Outcome<T> => ({ kind: 'ok', value });

export const drop = <T = never>(reason: string): Outcome<T> => ({ kind: 'drop', reason });

export function deadLetter<T = never>(
  field: string | undefined,
  expected: string,
  found?: string,
  foundText: string | undefined = found,
): Outcome<T> {
  const rejection = { field, expected, found, foundText };
  return { kind: 'dead-letter', reason: describeRejection(rejection), rejection };
}

/** A dead letter for a bad value, shown as JSON. */
export function badValue<T = never>(field: string | undefined, expected: string, value: unknown): Outcome<T> {
  return deadLetter(field, expected, showValue(value), typeof value === 'string' ? value : showValue(value));
}

/** `field "event": expected a non-empty string, found 42` */
export function describeRejection(r: Rejection): string {
  const field = r.field !== undefined ? `field "${r.field}": ` : '';
  const found = r.found !== undefined ? `, found ${r.found}` : '';
  return `${field}expected ${r.expected}${found}`;
}

/** A short, printable rendering of a JSON value for messages (long values cut). */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
