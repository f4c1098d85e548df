-- Account health: support tickets (imported), the CSM's sentiment (set by hand until a day), scorecards (JSON
-- definitions) and one score per account per day with its measure grades.

CREATE TABLE tickets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id text NOT NULL UNIQUE,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  priority text,
  csat smallint CHECK (csat BETWEEN 1 AND 5),
  source text NOT NULL,
  row_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closed_at IS NULL OR closed_at >= opened_at)
);
CREATE INDEX tickets_account_idx ON tickets (account_id, opened_at);

CREATE TABLE health_sentiments (
  account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  sentiment text NOT NULL CHECK (sentiment IN ('red', 'yellow', 'green')),
  until_on date NOT NULL,
  note text,
  set_by text NOT NULL,
  set_at timestamptz NOT NULL
);

CREATE TABLE health_scorecards (
  key text PRIMARY KEY,
  definition jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per account and day: rescoring the same day replaces it.
CREATE TABLE health_scores (
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  day date NOT NULL,
  scorecard text NOT NULL,
  score smallint CHECK (score BETWEEN 0 AND 100),
  band text CHECK (band IN ('red', 'yellow', 'green')),
  measures jsonb NOT NULL,
  missing text[] NOT NULL DEFAULT '{}',
  forced_by text[] NOT NULL DEFAULT '{}',
  scored_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, day)
);
CREATE INDEX health_scores_day_idx ON health_scores (day);

INSERT INTO data_versions (domain) VALUES ('health');
CREATE TRIGGER health_scores_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON health_scores
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('health');
