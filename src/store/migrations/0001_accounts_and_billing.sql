-- Accounts, contacts, plans, subscriptions, invoices and FX rates.
-- Money is integer minor units (bigint) with an ISO 4217 currency; calendar dates are UTC `date`s;
-- service-period ends are exclusive. `row_hash` holds a digest of the imported fields so a re-import
-- can tell "unchanged" from "updated".

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  name text NOT NULL,
  industry text,
  employee_count integer CHECK (employee_count >= 0),
  size_band text,
  segment text,
  icp_fit boolean,
  owner_csm text,
  parent_external_id text,
  first_seen_on date,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  source text NOT NULL,
  row_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_parent_idx ON accounts (parent_external_id);
CREATE INDEX accounts_owner_idx ON accounts (owner_csm);

CREATE TABLE contacts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  email text,
  name text,
  title text,
  role text,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  source text NOT NULL,
  row_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_account_idx ON contacts (account_id);

CREATE TABLE plans (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  name text NOT NULL,
  product text,
  billing_interval text CHECK (billing_interval IN ('day', 'week', 'month', 'year')),
  interval_count integer NOT NULL DEFAULT 1 CHECK (interval_count > 0),
  unit_amount_minor bigint,
  currency char(3),
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  source text NOT NULL,
  row_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A subscription as a billing system knows it (Stripe): items, discounts, trial and lifecycle dates.
CREATE TABLE subscriptions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  status text NOT NULL,
  currency char(3) NOT NULL,
  billing_interval text NOT NULL CHECK (billing_interval IN ('day', 'week', 'month', 'year')),
  interval_count integer NOT NULL DEFAULT 1 CHECK (interval_count > 0),
  started_at timestamptz NOT NULL,
  trial_start timestamptz,
  trial_end timestamptz,
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at timestamptz,
  canceled_at timestamptz,
  ended_at timestamptz,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  source text NOT NULL,
  row_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscriptions_account_idx ON subscriptions (account_id);

CREATE TABLE subscription_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  subscription_id bigint NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  plan_id bigint REFERENCES plans (id),
  quantity integer NOT NULL DEFAULT 1 CHECK (quantity >= 0),
  unit_amount_minor bigint NOT NULL CHECK (unit_amount_minor >= 0),
  currency char(3) NOT NULL,
  billing_interval text NOT NULL CHECK (billing_interval IN ('day', 'week', 'month', 'year')),
  interval_count integer NOT NULL DEFAULT 1 CHECK (interval_count > 0),
  row_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscription_items_subscription_idx ON subscription_items (subscription_id);

-- A discount on a whole subscription (Stripe coupon): percent or fixed amount, with the span it applies.
CREATE TABLE subscription_discounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  subscription_id bigint NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  coupon_id text,
  percent_off numeric(7, 4) CHECK (percent_off >= 0 AND percent_off <= 100),
  amount_off_minor bigint CHECK (amount_off_minor >= 0),
  currency char(3),
  duration text,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  row_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((percent_off IS NULL) <> (amount_off_minor IS NULL))
);
CREATE INDEX subscription_discounts_subscription_idx ON subscription_discounts (subscription_id);

-- Subscription periods in the dbt mrr-playbook shape: a monthly amount over [start_on, end_on).
CREATE TABLE subscription_periods (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription_external_id text NOT NULL,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  start_on date NOT NULL,
  end_on date,
  monthly_amount_minor bigint NOT NULL CHECK (monthly_amount_minor >= 0),
  currency char(3) NOT NULL,
  plan text,
  quantity integer CHECK (quantity >= 0),
  source text NOT NULL,
  row_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subscription_external_id, start_on),
  CHECK (end_on IS NULL OR end_on > start_on)
);
CREATE INDEX subscription_periods_account_idx ON subscription_periods (account_id);

CREATE TABLE invoices (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  subscription_external_id text,
  number text,
  status text NOT NULL,
  currency char(3) NOT NULL,
  issued_at timestamptz NOT NULL,
  subtotal_minor bigint NOT NULL,
  discount_minor bigint NOT NULL DEFAULT 0,
  tax_minor bigint NOT NULL DEFAULT 0,
  total_minor bigint NOT NULL,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  source text NOT NULL,
  row_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoices_account_idx ON invoices (account_id);

-- One line of an invoice. `amount_minor` is after discounts and before tax; the service period is [period_start, period_end).
CREATE TABLE invoice_lines (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  invoice_id bigint NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  subscription_external_id text,
  subscription_item_external_id text,
  plan text,
  description text,
  quantity integer,
  amount_minor bigint NOT NULL,
  discount_minor bigint NOT NULL DEFAULT 0,
  tax_minor bigint NOT NULL DEFAULT 0,
  currency char(3) NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  proration boolean NOT NULL DEFAULT false,
  recurring boolean NOT NULL DEFAULT true,
  row_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (period_end >= period_start)
);
CREATE INDEX invoice_lines_invoice_idx ON invoice_lines (invoice_id);

-- Daily FX: one unit of `currency` is worth `rate` units of the reporting currency `quote`.
CREATE TABLE fx_rates (
  on_date date NOT NULL,
  currency char(3) NOT NULL,
  quote char(3) NOT NULL,
  rate numeric(24, 12) NOT NULL CHECK (rate > 0),
  source text NOT NULL,
  PRIMARY KEY (currency, quote, on_date)
);

CREATE TABLE import_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  source text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  rows_read integer NOT NULL,
  created integer NOT NULL,
  updated integer NOT NULL,
  unchanged integer NOT NULL
);
