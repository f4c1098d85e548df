-- The revenue ledger, kept as results of the pure core (src/core/revenue): per customer, the spans of months
-- with constant MRR and one row per movement. Months are stored as the first day of the month (UTC).
-- Amounts are reporting-currency minor units. Rows are replaced per account when its billing records change.
-- No foreign keys: these are derived rows written in bulk (the per-row checks tripled the write time); a
-- trigger below removes an account's rows when the account is deleted.

CREATE TABLE revenue_spans (
  account_id bigint NOT NULL,
  start_month date NOT NULL,
  end_month date NOT NULL,
  mrr_minor bigint NOT NULL CHECK (mrr_minor > 0),
  plan text,
  PRIMARY KEY (account_id, start_month),
  CHECK (end_month > start_month)
);

CREATE TABLE revenue_movements (
  account_id bigint NOT NULL,
  seq integer NOT NULL,
  month date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('new', 'expansion', 'contraction', 'churn', 'reactivation', 'fx')),
  amount_minor bigint NOT NULL,
  mrr_before_minor bigint NOT NULL,
  mrr_after_minor bigint NOT NULL,
  plan text,
  sources_before jsonb NOT NULL,
  sources_after jsonb NOT NULL,
  PRIMARY KEY (account_id, seq)
);
CREATE INDEX revenue_movements_month_idx ON revenue_movements (month, kind);

-- One row per recompute: what it was computed with, so a later read knows whether it is still current.
CREATE TABLE revenue_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scope text NOT NULL CHECK (scope IN ('full', 'accounts')),
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  fingerprint text NOT NULL,
  as_of date NOT NULL,
  accounts integer NOT NULL,
  movements integer NOT NULL
);

-- Accounts whose billing records changed since their ledger was computed. Triggers fill it in the same
-- transaction as the change, whoever writes (importers, API); a recompute takes rows up to a `seq` it read.
CREATE TABLE revenue_dirty (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL
);

CREATE FUNCTION revenue_mark_by_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO revenue_dirty (account_id) SELECT DISTINCT account_id FROM changed;
  RETURN NULL;
END
$$;

CREATE FUNCTION revenue_mark_by_subscription() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO revenue_dirty (account_id)
  SELECT DISTINCT s.account_id FROM changed c JOIN subscriptions s ON s.id = c.subscription_id;
  RETURN NULL;
END
$$;

CREATE FUNCTION revenue_mark_by_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO revenue_dirty (account_id)
  SELECT DISTINCT i.account_id FROM changed c JOIN invoices i ON i.id = c.invoice_id;
  RETURN NULL;
END
$$;

CREATE FUNCTION revenue_forget_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM revenue_spans WHERE account_id IN (SELECT id FROM changed);
  DELETE FROM revenue_movements WHERE account_id IN (SELECT id FROM changed);
  RETURN NULL;
END
$$;

CREATE TRIGGER accounts_del AFTER DELETE ON accounts REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_forget_accounts();
CREATE TRIGGER periods_ins AFTER INSERT ON subscription_periods REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_account();
CREATE TRIGGER periods_upd AFTER UPDATE ON subscription_periods REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_account();
CREATE TRIGGER periods_del AFTER DELETE ON subscription_periods REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_account();
CREATE TRIGGER subscriptions_ins AFTER INSERT ON subscriptions REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_account();
CREATE TRIGGER subscriptions_upd AFTER UPDATE ON subscriptions REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_account();
CREATE TRIGGER subscriptions_del AFTER DELETE ON subscriptions REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_account();
CREATE TRIGGER invoices_ins AFTER INSERT ON invoices REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_account();
CREATE TRIGGER invoices_upd AFTER UPDATE ON invoices REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_account();
CREATE TRIGGER invoices_del AFTER DELETE ON invoices REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_account();
CREATE TRIGGER items_ins AFTER INSERT ON subscription_items REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_subscription();
CREATE TRIGGER items_upd AFTER UPDATE ON subscription_items REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_subscription();
CREATE TRIGGER items_del AFTER DELETE ON subscription_items REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_subscription();
CREATE TRIGGER discounts_ins AFTER INSERT ON subscription_discounts REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_subscription();
CREATE TRIGGER discounts_upd AFTER UPDATE ON subscription_discounts REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_subscription();
CREATE TRIGGER discounts_del AFTER DELETE ON subscription_discounts REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_subscription();
CREATE TRIGGER lines_ins AFTER INSERT ON invoice_lines REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_invoice();
CREATE TRIGGER lines_upd AFTER UPDATE ON invoice_lines REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_invoice();
CREATE TRIGGER lines_del AFTER DELETE ON invoice_lines REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_by_invoice();
