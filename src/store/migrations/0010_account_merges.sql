-- Account merges: a customer who moved to a new billing id is one customer. While a row is here, the revenue
-- ledger reads the billing records of from_account_id as those of into_account_id. Unmerging deletes the row;
-- both actions are kept in account_merge_log.
CREATE TABLE account_merges (
  from_account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  into_account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  merged_at timestamptz NOT NULL DEFAULT now(),
  source text NOT NULL,
  CHECK (from_account_id <> into_account_id)
);
CREATE INDEX account_merges_into_idx ON account_merges (into_account_id);

CREATE TABLE account_merge_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  action text NOT NULL CHECK (action IN ('merge', 'unmerge')),
  from_account_id bigint NOT NULL,
  into_account_id bigint NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  source text NOT NULL
);

-- A change to a merged account's records is a change to the account it is merged into (to the end of a chain).
CREATE FUNCTION revenue_mark_merged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM added a JOIN account_merges m ON m.from_account_id = a.account_id) THEN
    INSERT INTO revenue_dirty (account_id)
    SELECT DISTINCT m.into_account_id FROM added a JOIN account_merges m ON m.from_account_id = a.account_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER revenue_dirty_merged AFTER INSERT ON revenue_dirty REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION revenue_mark_merged();

-- Subscriptions' unpaid invoices are looked up by subscription.
CREATE INDEX invoices_subscription_idx ON invoices (subscription_external_id);
