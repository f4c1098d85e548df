import { dateFromUnix, type Fields } from './fields.ts';
import { STRIPE_SOURCE, type AccountRow } from './rows.ts';

/**
 * Metadata keys that fill account columns of the same name (`parent_id`, the parent customer's id, fills
 * parent_external_id); all metadata is kept in `attributes` too.
 */
type TextColumn = 'industry' | 'size_band' | 'segment' | 'owner_csm' | 'parent_external_id' | 'parent_id';

/** A Stripe customer as an account: named by name, else email, else id; first seen when it was created. */
export function mapCustomer(customer: Fields): AccountRow {
  const id = customer.id;
  const metadata = customer.metadata();
  const text = (key: TextColumn) => {
    const value = metadata[key]?.trim();
    return value === undefined || value === '' ? null : value;
  };
  const created = customer.optInt('created', 0);
  return {
    external_id: id,
    name: (customer.optStr('name') ?? customer.optStr('email') ?? id).trim() || id,
    industry: text('industry'),
    employee_count: employeeCount(customer, metadata.employee_count),
    size_band: text('size_band'),
    segment: text('segment'),
    icp_fit: icpFit(customer, metadata.icp_fit),
    owner_csm: text('owner_csm'),
    parent_external_id: text('parent_external_id') ?? text('parent_id'),
    first_seen_on: created === null ? null : dateFromUnix(created),
    attributes: metadata,
    source: STRIPE_SOURCE,
  };
}

function employeeCount(customer: Fields, value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const text = value.trim().replace(/[,_]/g, '');
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    customer.fail('metadata.employee_count', 'a whole number of employees', value);
  }
  return Number(text);
}

function icpFit(customer: Fields, value: string | undefined): boolean | null {
  if (value === undefined || value.trim() === '') return null;
  const text = value.trim().toLowerCase();
  if (['true', 'yes', '1'].includes(text)) return true;
  if (['false', 'no', '0'].includes(text)) return false;
  return customer.fail('metadata.icp_fit', 'true or false', value);
}

/** An expanded customer that was deleted carries only its id: the account is then named by the id alone. */
export function isDeletedCustomer(customer: Fields): boolean {
  return customer.raw('deleted') === true;
}
