-- Survey definitions (audience, throttling, sampling, waves, status) and invitations: one per person asked, by
-- hosted link, email or in-app, with its state. Answers stay in survey_responses; an invitation points to its own.

ALTER TABLE surveys
  ADD COLUMN follow_up text,
  ADD COLUMN audience jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN throttle_answered_days integer NOT NULL DEFAULT 90 CHECK (throttle_answered_days BETWEEN 0 AND 3650),
  ADD COLUMN throttle_dismissed_days integer NOT NULL DEFAULT 30 CHECK (throttle_dismissed_days BETWEEN 0 AND 3650),
  ADD COLUMN sample_percent smallint NOT NULL DEFAULT 100 CHECK (sample_percent BETWEEN 1 AND 100),
  ADD COLUMN starts_on date,
  ADD COLUMN ends_on date,
  ADD COLUMN status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  ADD COLUMN closed_at timestamptz,
  ADD COLUMN formbricks_survey_id text UNIQUE,
  ADD COLUMN formbricks_score_question text,
  ADD COLUMN formbricks_comment_question text,
  ADD CONSTRAINT surveys_wave_check CHECK (starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on);

CREATE TABLE survey_invitations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  survey_id bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('link', 'email', 'in_app')),
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  contact_id bigint REFERENCES contacts (id) ON DELETE SET NULL,
  email text,
  user_id text,
  -- queued (email waiting for its job), sent, answered, dismissed, failed (error says why). An invitation still
  -- sent after expires_at reads as expired.
  state text NOT NULL CHECK (state IN ('queued', 'sent', 'answered', 'dismissed', 'failed')),
  error text,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  expires_at timestamptz NOT NULL,
  responded_at timestamptz,
  response_id bigint REFERENCES survey_responses (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (email IS NOT NULL OR user_id IS NOT NULL)
);
CREATE INDEX survey_invitations_survey_idx ON survey_invitations (survey_id, state);
CREATE INDEX survey_invitations_email_idx ON survey_invitations (lower(email));
CREATE INDEX survey_invitations_user_idx ON survey_invitations (user_id);
