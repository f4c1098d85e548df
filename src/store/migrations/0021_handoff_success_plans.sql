-- The handoff file (one per account: what sales promised, who matters, what was bought, the risks) and success
-- plans built from templates: objectives tied to the promised outcomes, milestones due N days after the account's
-- start, completed by hand or by a usage signal.

CREATE TABLE account_handoffs (
  account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  -- ["…"]
  goals jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- [{ "metric", "baseline", "target", "due_date" }]
  outcomes jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- [{ "name", "email", "role": sponsor | champion | admin | user, "contact_id" }]
  stakeholders jsonb NOT NULL DEFAULT '[]'::jsonb,
  bought text,
  plan text,
  -- ["…"]
  risks jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Templates: chosen for an account by tier, else segment, else the default. `milestones` is
-- [{ "key", "title", "due_day", "signal": null | { "feature" } | { "milestone_features": 30|90 }
--    | { "active_users" } | { "features_used" } }].
CREATE TABLE success_plan_templates (
  key text PRIMARY KEY,
  name text NOT NULL,
  tier text,
  segment text,
  milestones jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO success_plan_templates (key, name, milestones) VALUES (
  'default',
  'Default: first value by day 30, adopted by day 90',
  '[{"key":"day-30","title":"First value: the 30-day onboarding features are in use","due_day":30,"signal":{"milestone_features":30}},
    {"key":"day-90","title":"Adopted: the 90-day features are in use","due_day":90,"signal":{"milestone_features":90}}]'::jsonb
);

CREATE TABLE success_plans (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
  template_key text NOT NULL,
  start_on date NOT NULL,
  -- [{ "metric", "baseline", "target", "due_date" }]: the handoff's promised outcomes when the plan was made.
  objectives jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL
);

CREATE TABLE success_milestones (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id bigint NOT NULL REFERENCES success_plans (id) ON DELETE CASCADE,
  key text NOT NULL,
  title text NOT NULL,
  due_day integer NOT NULL CHECK (due_day > 0),
  due_on date NOT NULL,
  signal jsonb,
  completed_on date,
  completed_by text CHECK (completed_by IN ('hand', 'signal')),
  -- When milestone.missed was sent (once).
  missed_at timestamptz,
  UNIQUE (plan_id, key)
);
CREATE INDEX success_milestones_due_idx ON success_milestones (due_on) WHERE completed_on IS NULL;
