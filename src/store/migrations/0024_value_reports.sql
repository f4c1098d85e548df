-- Value reports: value metrics an admin defines from catalog features ("hours saved = reports generated × 0.5 h"),
-- outcome values recorded by hand (for promised outcomes no catalog feature measures), when each account's
-- business review falls, and every scheduled report email as a row before it is sent.

CREATE TABLE value_metrics (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  -- A catalog feature key (features.key); its events in the period are counted.
  feature text NOT NULL,
  multiplier double precision NOT NULL CHECK (multiplier > 0),
  unit text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX value_metrics_name_idx ON value_metrics (lower(name));

CREATE TABLE value_outcome_readings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- The promised outcome's metric, as written in the handoff file.
  metric text NOT NULL,
  value double precision NOT NULL,
  recorded_on date NOT NULL,
  recorded_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX value_outcome_readings_account_idx ON value_outcome_readings (account_id, recorded_on);

-- The next business review per account and how many months apart reviews fall (null: once).
CREATE TABLE value_report_schedules (
  account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  review_on date,
  cadence_months integer CHECK (cadence_months BETWEEN 1 AND 24),
  -- Sent here instead of the handoff file's sponsors and champions.
  recipient text,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- One row per report email (kept before it is sent); `occasion_key` names the renewal (contract) or review day, so
-- the daily schedule queues each occasion once per recipient.
CREATE TABLE value_report_sends (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  occasion text NOT NULL CHECK (occasion IN ('renewal', 'review', 'manual')),
  occasion_key text NOT NULL,
  period_from text NOT NULL,
  period_to text NOT NULL,
  to_address text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  UNIQUE (account_id, occasion, occasion_key, to_address)
);
CREATE INDEX value_report_sends_status_idx ON value_report_sends (status);
