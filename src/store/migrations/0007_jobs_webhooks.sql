-- Background jobs and outbound webhooks. A job is a row claimed with FOR UPDATE SKIP LOCKED, so several servers
-- on one PostgreSQL share the work and each job runs once. A webhook message is an event row plus a delivery row
-- per endpoint before it is ever a request (Lago's model): a receiver that is down loses nothing.

CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- queued (waiting for run_at), running (claimed by locked_by until locked_until), done, dead (out of attempts).
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead')),
  run_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL CHECK (max_attempts >= 1),
  -- A recurring job keeps one row: a cron expression evaluated in the company's time zone.
  schedule text,
  -- At most one queued job per key (a schedule, or a trigger that need not pile up).
  unique_key text,
  locked_by text,
  locked_until timestamptz,
  progress jsonb,
  last_error text,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX jobs_queued_key_idx ON jobs (unique_key) WHERE state = 'queued';
CREATE UNIQUE INDEX jobs_schedule_key_idx ON jobs (unique_key) WHERE schedule IS NOT NULL;
CREATE INDEX jobs_due_idx ON jobs (run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_running_idx ON jobs (locked_until) WHERE state = 'running';

CREATE TABLE webhook_endpoints (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  url text NOT NULL,
  description text,
  -- Event types this endpoint receives; NULL for all.
  event_types jsonb,
  -- 'whsec_' + base64 of the signing key: kept whole, since every delivery is signed with it.
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz
);

CREATE TABLE webhook_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The webhook-id header: the same for every attempt and replay, so receivers can drop repeats.
  message_id text NOT NULL UNIQUE,
  type text NOT NULL,
  -- The request body exactly as signed and sent: {"type", "timestamp", "data"}.
  body text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id bigint NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
  endpoint_id bigint NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_status integer,
  last_error text,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  job_id bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id DESC);
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id);

-- The delivery log: one row per request made, with its answer.
CREATE TABLE webhook_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempted_at timestamptz NOT NULL,
  status integer,
  error text,
  duration_ms integer NOT NULL
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id);

-- Accounts the daily usage check last found declining: an account raises usage.declining once when it enters.
CREATE TABLE usage_declining_flags (
  account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  flagged_on date NOT NULL
);
