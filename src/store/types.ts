export type Row = Record<string, unknown>;

/** Anything that runs SQL: a store, or a transaction handed out by one. */
export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement and returns how many rows it touched. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Runs `COPY (…) TO STDOUT` (text format) and returns what it wrote: the server's COPY protocol, or
   * PGlite's `TO '/dev/blob'`. Bulk reads of millions of rows cost a fraction of a query's row objects.
   */
  copyOut?(sql: string): Promise<string>;
}

export type StoreKind = 'pglite' | 'postgres';

export interface Store extends Queryable {
  readonly kind: StoreKind;
  /** Where the data lives, for people: a data dir or a redacted connection URL. */
  readonly location: string;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in one transaction: commits if it resolves, rolls back if it throws.
   * Inside `fn` use only `tx`; calling the store itself would wait for the transaction to end.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A database error with PostgreSQL's fields, whichever engine raised it. */
export class StoreError extends Error {
  readonly code: string | undefined;
  readonly detail: string | undefined;
  constructor(message: string, fields: { code?: string | undefined; detail?: string | undefined } = {}) {
    super(message);
    this.name = 'StoreError';
    this.code = fields.code;
    this.detail = fields.detail;
  }
}
