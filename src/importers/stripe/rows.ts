import {
  ACCOUNT_COLUMNS,
  INVOICE_COLUMNS,
  INVOICE_LINE_COLUMNS,
  type AccountFields,
  type InvoiceLineFields,
} from '../../store/tables.ts';
import type { UpsertSpec } from '../../store/upsert.ts';

// Rows as mapped from Stripe objects (type aliases, so that they pass as plain records to upsertRows). Foreign keys are still external ids here; the writer resolves them to
// store ids once their parents are written.

export const STRIPE_SOURCE = 'stripe';

export type AccountRow = AccountFields & { source: string };

export type PlanRow = {
  external_id: string;
  name: string;
  product: string | null;
  billing_interval: string | null;
  interval_count: number;
  unit_amount_minor: number | null;
  currency: string;
  attributes: Record<string, unknown>;
  source: string;
};

export type SubscriptionRow = {
  external_id: string;
  account: string;
  status: string;
  currency: string;
  billing_interval: string;
  interval_count: number;
  started_at: string;
  trial_start: string | null;
  trial_end: string | null;
  current_period_start: string | null;
  current_period_end: string | null;
  cancel_at: string | null;
  canceled_at: string | null;
  ended_at: string | null;
  attributes: Record<string, unknown>;
  source: string;
};

export type ItemRow = {
  external_id: string;
  subscription: string;
  plan: string;
  quantity: number;
  unit_amount_minor: number;
  currency: string;
  billing_interval: string;
  interval_count: number;
  metered: boolean;
};

export type DiscountRow = {
  external_id: string;
  subscription: string;
  subscription_item_external_id: string | null;
  coupon_id: string | null;
  percent_off: number | null;
  amount_off_minor: number | null;
  currency: string | null;
  duration: string | null;
  starts_at: string;
  ends_at: string | null;
};

export type InvoiceRow = {
  external_id: string;
  account: string;
  subscription_external_id: string | null;
  number: string | null;
  status: string;
  currency: string;
  issued_at: string;
  subtotal_minor: number;
  discount_minor: number;
  tax_minor: number;
  total_minor: number;
  attributes: Record<string, unknown>;
  source: string;
};

export type InvoiceLineRow = InvoiceLineFields & { invoice: string };

/** Everything one Stripe import writes, keyed and deduplicated. */
export interface StripeRows {
  /** Customers found in the input (as list objects or expanded). */
  accounts: AccountRow[];
  /** Customer ids referenced but never seen: created with the id as name, never overwriting a stored account. */
  implicitAccounts: string[];
  plans: PlanRow[];
  subscriptions: SubscriptionRow[];
  items: ItemRow[];
  discounts: DiscountRow[];
  invoices: InvoiceRow[];
  lines: InvoiceLineRow[];
}

export const SPECS = {
  accounts: {
    table: 'accounts',
    key: ['external_id'],
    columns: ACCOUNT_COLUMNS,
    insertOnly: ['source'],
  },
  plans: {
    table: 'plans',
    key: ['external_id'],
    columns: {
      external_id: 'text',
      name: 'text',
      product: 'text',
      billing_interval: 'text',
      interval_count: 'integer',
      unit_amount_minor: 'bigint',
      currency: 'text',
      attributes: 'jsonb',
      source: 'text',
    },
    insertOnly: ['source'],
  },
  subscriptions: {
    table: 'subscriptions',
    key: ['external_id'],
    columns: {
      external_id: 'text',
      account_id: 'bigint',
      status: 'text',
      currency: 'text',
      billing_interval: 'text',
      interval_count: 'integer',
      started_at: 'timestamptz',
      trial_start: 'timestamptz',
      trial_end: 'timestamptz',
      current_period_start: 'timestamptz',
      current_period_end: 'timestamptz',
      cancel_at: 'timestamptz',
      canceled_at: 'timestamptz',
      ended_at: 'timestamptz',
      attributes: 'jsonb',
      source: 'text',
    },
    insertOnly: ['source'],
  },
  items: {
    table: 'subscription_items',
    key: ['external_id'],
    columns: {
      external_id: 'text',
      subscription_id: 'bigint',
      plan_id: 'bigint',
      quantity: 'integer',
      unit_amount_minor: 'bigint',
      currency: 'text',
      billing_interval: 'text',
      interval_count: 'integer',
      metered: 'boolean',
    },
  },
  discounts: {
    table: 'subscription_discounts',
    key: ['external_id'],
    columns: {
      external_id: 'text',
      subscription_id: 'bigint',
      subscription_item_external_id: 'text',
      coupon_id: 'text',
      percent_off: 'numeric',
      amount_off_minor: 'bigint',
      currency: 'text',
      duration: 'text',
      starts_at: 'timestamptz',
      ends_at: 'timestamptz',
    },
  },
  invoices: {
    table: 'invoices',
    key: ['external_id'],
    columns: { ...INVOICE_COLUMNS, attributes: 'jsonb' },
    insertOnly: ['source'],
  },
  lines: {
    table: 'invoice_lines',
    key: ['external_id'],
    columns: INVOICE_LINE_COLUMNS,
  },
} as const satisfies Record<string, UpsertSpec>;
