import type { AccountFields } from '../../store/tables.ts';
import { InputError } from '../../core/errors.ts';
import { csvRows, KeyLines, mapColumns, type ColumnSpecs, type CsvRow } from './columns.ts';
import type { CsvTable } from './read.ts';
import type { CsvHead } from './stream.ts';

export const ACCOUNT_COLUMNS = {
  externalId: { names: ['id', 'external_id', 'account_id', 'customer_id'], required: true },
  name: { names: ['name', 'account_name'], required: true },
  industry: { names: ['industry'] },
  employeeCount: { names: ['employee_count', 'employees'] },
  sizeBand: { names: ['size_band'] },
  segment: { names: ['segment'] },
  icpFit: { names: ['icp_fit'] },
  ownerCsm: { names: ['owner_csm', 'csm'] },
  parentId: { names: ['parent_id', 'parent_external_id'] },
  firstSeen: { names: ['first_seen', 'first_seen_on'] },
} as const satisfies ColumnSpecs<string>;

export const CONTACT_COLUMNS = {
  contactId: { names: ['id', 'contact_id', 'external_id'] },
  accountId: { names: ['account_id', 'customer_id', 'account_external_id'], required: true },
  email: { names: ['email', 'email_address'] },
  name: { names: ['name'] },
  title: { names: ['title', 'job_title'] },
  role: { names: ['role'] },
} as const satisfies ColumnSpecs<string>;

/** Company-size bands by employee count; a count of 0 falls in the first. */
const SIZE_BANDS: readonly (readonly [number, string])[] = [
  [10, '1-10'],
  [50, '11-50'],
  [200, '51-200'],
  [1000, '201-1000'],
  [5000, '1001-5000'],
];

export function sizeBand(employeeCount: number): string {
  return SIZE_BANDS.find(([upTo]) => employeeCount <= upTo)?.[1] ?? '5001+';
}

export type AccountRow = AccountFields;

/** Validates an accounts file whole; columns it does not know are kept, by header name, in `attributes`. */
export function parseAccounts(table: CsvTable): AccountRow[] {
  const parser = accountParser(table);
  return [...csvRows(table, parser.columns)].map(parser.parse);
}

/**
 * Validates account rows one at a time (for files read as a stream), remembering ids so that one used twice in
 * the file is refused with both lines.
 */
export function accountParser(head: CsvHead) {
  const columns = mapColumns(head, ACCOUNT_COLUMNS);
  const keys = new KeyLines();
  const parse = (row: CsvRow<keyof typeof ACCOUNT_COLUMNS>): AccountRow => {
    const id = row.required('externalId');
    keys.claim(row, id, row.columnName('externalId'), id);
    const employees = row.count('employeeCount');
    const parent = row.text('parentId');
    if (parent === id) row.fail(row.columnName('parentId'), 'another account than the row itself', parent);
    return {
      external_id: id,
      name: row.required('name'),
      industry: row.text('industry'),
      employee_count: employees,
      size_band: row.text('sizeBand') ?? (employees === null ? null : sizeBand(employees)),
      segment: row.text('segment'),
      icp_fit: row.boolean('icpFit'),
      owner_csm: row.text('ownerCsm'),
      parent_external_id: parent,
      first_seen_on: row.date('firstSeen'),
      attributes: row.extras(),
    };
  };
  return { columns, parse };
}

export interface ContactRow {
  external_id: string;
  account_external_id: string;
  email: string | null;
  name: string | null;
  title: string | null;
  role: string | null;
  attributes: Record<string, string>;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Validates a contacts file whole. A contact's id is its `id` column, else its email in lower case. */
export function parseContacts(table: CsvTable): ContactRow[] {
  const parser = contactParser(table);
  return [...csvRows(table, parser.columns)].map(parser.parse);
}

/** Validates contact rows one at a time, remembering ids so that one used twice is refused with both lines. */
export function contactParser(head: CsvHead) {
  const columns = mapColumns(head, CONTACT_COLUMNS);
  if (columns.index.contactId === undefined && columns.index.email === undefined) {
    const where = { file: head.file, line: head.headerLine };
    throw new InputError(where, 'id', 'a column named id, contact_id or email', `columns ${head.header.join(', ')}`);
  }
  const keys = new KeyLines();
  const parse = (row: CsvRow<keyof typeof CONTACT_COLUMNS>): ContactRow => {
    const email = row.text('email');
    if (email !== null && !EMAIL.test(email)) row.fail(row.columnName('email'), 'an email address', email);
    const id =
      row.text('contactId') ??
      email?.toLowerCase() ??
      row.fail(
        row.columnName(columns.index.email === undefined ? 'contactId' : 'email'),
        'a contact id or an email',
        '',
      );
    keys.claim(row, id, row.columnName(row.text('contactId') === null ? 'email' : 'contactId'), id);
    return {
      external_id: id,
      account_external_id: row.required('accountId'),
      email,
      name: row.text('name'),
      title: row.text('title'),
      role: row.text('role'),
      attributes: row.extras(),
    };
  };
  return { columns, parse };
}
