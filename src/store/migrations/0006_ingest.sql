-- Ingestion bookkeeping. An event whose account is not known yet is stored with account_id NULL and rolled up
-- once its user (or its own groupId) is mapped to an account; these partial indexes find such events cheaply
-- and stay small because nearly every event has its account.
CREATE INDEX usage_events_pending_user_idx ON usage_events ((COALESCE(user_id, 'anon:' || anonymous_id)))
  WHERE account_id IS NULL AND group_id IS NULL;
CREATE INDEX usage_events_pending_group_idx ON usage_events (group_id)
  WHERE account_id IS NULL AND group_id IS NOT NULL;
CREATE INDEX usage_users_pending_group_idx ON usage_users (group_id)
  WHERE account_id IS NULL AND group_id IS NOT NULL;
