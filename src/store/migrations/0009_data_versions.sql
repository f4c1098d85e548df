-- A data version per domain, moved by the writes themselves (statement triggers), so a server's caches know
-- what changed without being told: another process's import or ingest moves the version too. A domain's row
-- is locked by the writing transaction until it commits, so versions grow in commit order.
-- Later domains add a row here and triggers on their tables in their own migration.
CREATE TABLE data_versions (
  domain text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0
);
INSERT INTO data_versions (domain) VALUES ('revenue'), ('fx'), ('plans'), ('accounts'), ('usage');

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = TG_ARGV[0];
  RETURN NULL;
END
$$;

-- Dirty accounts carry the revenue version of the write that marked them: a reader takes the accounts
-- between the version it has and the one it reads, in one snapshot, so no commit is skipped.
ALTER TABLE revenue_dirty ADD COLUMN version bigint NOT NULL DEFAULT 0;
CREATE INDEX revenue_dirty_version_idx ON revenue_dirty (version);

CREATE FUNCTION revenue_version_next() RETURNS bigint LANGUAGE sql AS $$
  UPDATE data_versions SET version = version + 1 WHERE domain = 'revenue' RETURNING version
$$;

CREATE OR REPLACE FUNCTION revenue_mark_by_account() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v bigint := revenue_version_next();
BEGIN
  INSERT INTO revenue_dirty (account_id, version) SELECT DISTINCT account_id, v FROM changed;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION revenue_mark_by_subscription() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v bigint := revenue_version_next();
BEGIN
  INSERT INTO revenue_dirty (account_id, version)
  SELECT DISTINCT s.account_id, v FROM changed c JOIN subscriptions s ON s.id = c.subscription_id;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION revenue_mark_by_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v bigint := revenue_version_next();
BEGIN
  INSERT INTO revenue_dirty (account_id, version)
  SELECT DISTINCT i.account_id, v FROM changed c JOIN invoices i ON i.id = c.invoice_id;
  RETURN NULL;
END
$$;

CREATE TRIGGER fx_rates_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fx_rates
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('fx');
CREATE TRIGGER plans_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plans
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('plans');
CREATE TRIGGER accounts_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON accounts
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('accounts');
CREATE TRIGGER usage_users_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON usage_users
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('usage');
CREATE TRIGGER usage_daily_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON usage_daily
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('usage');
CREATE TRIGGER features_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON features
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('usage');

-- The SQL copy of the ledger (revenue_spans, revenue_movements) is an output for SQL and BI users, refreshed
-- off the request path; a run records the revenue version it covers, so the next takes only later changes.
ALTER TABLE revenue_runs ADD COLUMN revenue_version bigint NOT NULL DEFAULT 0;
-- Dirty marks up to this revenue version were pruned (by the refresh after the one that covered them): a
-- server whose ledger is older than that reloads it whole.
INSERT INTO data_versions (domain) VALUES ('revenue_pruned');
