-- Surveys (NPS 0–10, CSAT 1–5, CES 1–7) and their responses, each tied to an account.

CREATE TABLE surveys (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('nps', 'csat', 'ces')),
  question text,
  language text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per answer (or dismissal, which carries no score and never enters a metric).
CREATE TABLE survey_responses (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  response_id text NOT NULL UNIQUE,
  survey_id bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('nps', 'csat', 'ces')),
  score smallint,
  comment text,
  responded_at timestamptz NOT NULL,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  contact_email text,
  user_id text,
  channel text NOT NULL DEFAULT 'import',
  dismissed boolean NOT NULL DEFAULT false,
  source text NOT NULL,
  row_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (dismissed OR score IS NOT NULL),
  CHECK (
    score IS NULL
    OR (kind = 'nps' AND score BETWEEN 0 AND 10)
    OR (kind = 'csat' AND score BETWEEN 1 AND 5)
    OR (kind = 'ces' AND score BETWEEN 1 AND 7)
  )
);
CREATE INDEX survey_responses_kind_time_idx ON survey_responses (kind, responded_at);
CREATE INDEX survey_responses_survey_time_idx ON survey_responses (survey_id, responded_at);
CREATE INDEX survey_responses_account_idx ON survey_responses (account_id, responded_at);
CREATE INDEX survey_responses_email_idx ON survey_responses (lower(contact_email));
CREATE INDEX survey_responses_user_idx ON survey_responses (user_id);
-- Contacts are looked up by email when a response names no account.
CREATE INDEX IF NOT EXISTS contacts_email_lower_idx ON contacts (lower(email));
