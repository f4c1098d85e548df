// One CSV field for files people open in spreadsheets (RFC 4180 quoting), safe from formula injection (OWASP):
// a cell beginning with =, +, -, @, tab or carriage return is prefixed with a single quote so it reads as text.
// A plain decimal number (-12.5, 3) is not a formula and stays as it is, so numeric columns stay numbers.

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** The text of one CSV field: escaped when it could start a formula, quoted when it must be. */
export function csvField(text: string): string {
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || /^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
