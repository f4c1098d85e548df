// Bad input and bad usage, raised by importers and services alike and answered at the edges (HTTP 400, CLI exit 2);
// defined in the core, the one layer all others may import.

/** Where a bad value was found: a file and line, or an object id in an API export. */
export interface InputLocation {
  file: string;
  line?: number | undefined;
  objectId?: string | undefined;
}

/**
 * Bad input, named precisely enough to fix: file, line (or object id), field, what was expected and what was found.
 * Importers throw it before anything is written.
 */
export class InputError extends Error {
  readonly location: InputLocation;
  readonly field: string | undefined;
  readonly expected: string;
  readonly found: string | undefined;
  constructor(location: InputLocation, field: string | undefined, expected: string, found?: string) {
    const where = location.line !== undefined ? `${location.file}:${location.line}` : location.file;
    const object = location.objectId !== undefined ? ` object ${location.objectId}` : '';
    const fieldPart = field !== undefined ? ` field "${field}"` : '';
    const foundPart = found !== undefined ? `, found ${JSON.stringify(found)}` : '';
    super(`${where}${object}:${fieldPart} expected ${expected}${foundPart}`);
    this.name = 'InputError';
    this.location = location;
    this.field = field;
    this.expected = expected;
    this.found = found;
  }
}

/** A request that cannot be carried out as asked (unknown customer, bad option value): exit code 2 on the CLI. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
