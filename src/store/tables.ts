import type { ColumnType } from './upsert.ts';

// The imported columns of tables more than one importer writes, with their types: one definition, so
// the CSV and Stripe importers cannot drift apart. Each importer picks its key and insert-only columns.

export const ACCOUNT_COLUMNS = {
  external_id: 'text',
  name: 'text',
  industry: 'text',
  employee_count: 'integer',
  size_band: 'text',
  segment: 'text',
  icp_fit: 'boolean',
  owner_csm: 'text',
  parent_external_id: 'text',
  first_seen_on: 'date',
  attributes: 'jsonb',
  source: 'text',
} as const satisfies Record<string, ColumnType>;

export const INVOICE_COLUMNS = {
  external_id: 'text',
  account_id: 'bigint',
  subscription_external_id: 'text',
  number: 'text',
  status: 'text',
  currency: 'text',
  issued_at: 'timestamptz',
  subtotal_minor: 'bigint',
  discount_minor: 'bigint',
  tax_minor: 'bigint',
  total_minor: 'bigint',
  source: 'text',
} as const satisfies Record<string, ColumnType>;

export const INVOICE_LINE_COLUMNS = {
  external_id: 'text',
  invoice_id: 'bigint',
  subscription_external_id: 'text',
  subscription_item_external_id: 'text',
  plan: 'text',
  description: 'text',
  quantity: 'integer',
  amount_minor: 'bigint',
  discount_minor: 'bigint',
  tax_minor: 'bigint',
  currency: 'text',
  period_start: 'date',
  period_end: 'date',
  proration: 'boolean',
  recurring: 'boolean',
} as const satisfies Record<string, ColumnType>;

/** An account's imported fields, as both importers map them (type aliases pass as plain records to upsertRows). */
export type AccountFields = {
  external_id: string;
  name: string;
  industry: string | null;
  employee_count: number | null;
  size_band: string | null;
  segment: string | null;
  icp_fit: boolean | null;
  owner_csm: string | null;
  parent_external_id: string | null;
  first_seen_on: string | null;
  attributes: Record<string, string>;
};

/** An invoice line's imported fields; each importer adds the link to its invoice. */
export type InvoiceLineFields = {
  external_id: string;
  subscription_external_id: string | null;
  subscription_item_external_id: string | null;
  plan: string | null;
  description: string | null;
  quantity: number | null;
  amount_minor: number;
  discount_minor: number;
  tax_minor: number;
  currency: string;
  period_start: string;
  period_end: string;
  proration: boolean;
  recurring: boolean;
};
