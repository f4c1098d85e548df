-- Who changed what: one row per write verb, written in the write's own transaction. `details` is a small JSON
-- object of what changed, never a password, key or other secret.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'api_key', 'job', 'webhook', 'cli', 'system')),
  actor_id text,
  actor_label text NOT NULL,
  verb text NOT NULL,
  target text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_verb_idx ON audit_log (verb, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_kind, actor_id, id);

-- Owners are users: `owner_csm` keeps the owner's name as text (reports group by it; an imported name stays until
-- a user matches it by name or email), `owner_user_id` the Tenure user it is linked to.
ALTER TABLE accounts ADD COLUMN owner_user_id bigint REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX accounts_owner_user_idx ON accounts (owner_user_id);

-- Each stretch of ownership, for per-CSM attribution: `valid_to` is null for the current owner.
CREATE TABLE account_owner_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  owner_name text,
  owner_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz
);
CREATE INDEX account_owner_history_account_idx ON account_owner_history (account_id, valid_from);
CREATE INDEX account_owner_history_user_idx ON account_owner_history (owner_user_id);

-- A changed owner name links to the user of that name or email, unless the writer set the user itself.
CREATE FUNCTION tenure_match_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.owner_csm IS DISTINCT FROM OLD.owner_csm THEN
    IF (TG_OP = 'INSERT' AND NEW.owner_user_id IS NULL)
       OR (TG_OP = 'UPDATE' AND NEW.owner_user_id IS NOT DISTINCT FROM OLD.owner_user_id) THEN
      NEW.owner_user_id := (
        SELECT u.id FROM users u
         WHERE NOT u.disabled AND NEW.owner_csm IS NOT NULL
           AND (lower(u.name) = lower(NEW.owner_csm) OR lower(u.email) = lower(NEW.owner_csm))
         ORDER BY u.id LIMIT 1);
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER accounts_match_owner BEFORE INSERT OR UPDATE OF owner_csm, owner_user_id ON accounts
  FOR EACH ROW EXECUTE FUNCTION tenure_match_owner();

-- Every write of an account's owner, whoever makes it (import, demo, app, CLI), keeps the history: linking the
-- same name to its user amends the open stretch; any other change closes it and opens the next.
CREATE FUNCTION tenure_owner_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.owner_csm IS NOT DISTINCT FROM OLD.owner_csm AND NEW.owner_user_id IS NOT DISTINCT FROM OLD.owner_user_id THEN
      RETURN NULL;
    END IF;
    IF lower(NEW.owner_csm) IS NOT DISTINCT FROM lower(OLD.owner_csm) AND OLD.owner_user_id IS NULL THEN
      UPDATE account_owner_history SET owner_user_id = NEW.owner_user_id, owner_name = NEW.owner_csm
       WHERE account_id = NEW.id AND valid_to IS NULL;
      RETURN NULL;
    END IF;
    UPDATE account_owner_history SET valid_to = now() WHERE account_id = NEW.id AND valid_to IS NULL;
  END IF;
  IF NEW.owner_csm IS NOT NULL OR NEW.owner_user_id IS NOT NULL THEN
    INSERT INTO account_owner_history (account_id, owner_name, owner_user_id, valid_from)
    VALUES (NEW.id, NEW.owner_csm, NEW.owner_user_id, now());
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER accounts_owner_history AFTER INSERT OR UPDATE OF owner_csm, owner_user_id ON accounts
  FOR EACH ROW EXECUTE FUNCTION tenure_owner_history();

-- Accounts that existed before owners were users start their history now.
INSERT INTO account_owner_history (account_id, owner_name, valid_from)
SELECT id, owner_csm, now() FROM accounts WHERE owner_csm IS NOT NULL;
